export { callFacts, describeLocation, IDENTITY_STATES, type AccountFacts, type BotLineFact, type CallFacts, type DebtorTurnFact, type InspectionContext, type PromiseFact } from './call-facts.js';
export { defineCheck, judged, notApplicable, type CheckResult, type CompiledCheck, type FindingLocation, type QaCheckDefinition } from './check.js';
export { QA_CHECKS, QA_CHECK_NAMES, qaCheckNamed } from './checks/index.js';
export { inspectCall, type CallInspection, type QaFinding, type QaNotApplicable } from './inspector.js';
export { inspectRecord, isFinished, type RecordInspector } from './inspect-record.js';
export { formatInspection, formatSummary, summarize, type InspectionSummary } from './format-inspection.js';
export { defaultQaRulesPath, loadQaRules, mergeQaRules, parseQaRulesFile, readQaRulesFile, QA_RULE_KINDS, type CompiledQaRule, type QaRule, type QaRuleKind, type QaRuleSet, type QaRulesFile } from './rules.js';
export { isDirectory, readRecordDir, readRecordFile, readStoreRecords, type StoreSelection } from './record-sources.js';
export { LiveInspection, type QaMetrics } from './live-inspection.js';
