/** Public surface of the demo feature: a synthetic Bontang-like registry with its hidden truth. */
export { generateDemoCity, DEFAULT_DEFECT_RATES } from './generate-demo-city.ts';
export { truthToCsv } from './truth-csv.ts';
export {
  writeKemensosStyleXlsx,
  kemensosXlsxHeaders,
  kemensosTitle,
  KEMENSOS_HEADER_ROW,
} from './demo-xlsx.ts';
export type {
  DefectRates,
  DefectType,
  DemoCity,
  DemoCityOptions,
  DemoDefect,
  DemoHousehold,
  DemoPerson,
  DemoRtUnit,
  DemoTruth,
  DemoVillage,
  PersonCode,
  PersonCodeMap,
} from './demo.types.ts';
