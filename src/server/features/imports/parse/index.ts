/** Reading, mapping and value parsing of import files: the public surface of `imports/parse`. */
export {
  openTable,
  detectHeaderRow,
  assertFileSize,
  DEFAULT_MAX_BYTES,
  type OpenTableOptions,
  type OpenedTable,
  type TableFormat,
} from './read.ts';
export { listXlsxSheets, type SheetChoice } from './xlsx.ts';
export { detectEncoding, sniffDelimiter, type CsvEncoding } from './csv.ts';
export type { Cell, TableRow } from './text.ts';
export {
  FIELDS,
  fieldDef,
  fieldsFor,
  requiredFields,
  isKnownHeader,
  type FieldDef,
  type FieldKind,
  type FieldLevel,
  type ImportLayout,
  type ImportSource,
} from './fields.ts';
export {
  mappingSchema,
  parseMappingFile,
  autoMap,
  detectLayout,
  missingRequired,
  resolveMapping,
  mapRow,
  columnKeys,
  type Mapping,
  type AutoMapResult,
  type ColumnMatch,
  type LayoutGuess,
  type ResolvedMapping,
  type ResolvedColumn,
  type MappedRow,
} from './mapping.ts';
export {
  parseDate,
  parseSex,
  parseRelationship,
  parseCode,
  parseBoolean,
  parseNumber,
  parseInteger,
  parseDesil,
  parseRtRw,
  splitRtRw,
  parsePeriod,
  type Parsed,
  type ValueProblem,
  type ValueNote,
  type DateOptions,
} from './values.ts';
export {
  createRegionMatcher,
  regionsFromCsv,
  toDottedCode,
  normalizeAlias,
  BONTANG_REGION_ALIASES,
  type RegionEntry,
  type RegionAlias,
  type RegionLevel,
  type RegionMatch,
  type RegionMatcher,
  type RegionMatchOptions,
  type MatchHow,
} from './regions.ts';
