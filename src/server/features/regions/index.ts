export {
  ensureDeploymentRegions,
  listRegions,
  listRtUnits,
  createRtUnit,
  setRtUnitActive,
  normalizeRegionName,
  readRegencyRegions,
} from './regions.service.ts';
