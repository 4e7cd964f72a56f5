export {
  formatCountForSpeech,
  formatDateForSpeech,
  formatMoneyForSpeech,
  formatPhoneForSpeech,
} from './speech-format.js';
export { spellChineseInteger, spellEnglishInteger } from './number-words.js';
export { parsePromptTemplate, type PromptSegment, type PromptTemplate, type PromptTemplateResult } from './prompt-template.js';
export {
  createScriptsLibrary,
  VARIABLE_TYPES,
  type PromptVariables,
  type RenderedPrompt,
  type RenderOptions,
  type ScriptPrompt,
  type ScriptsLibrary,
  type VariableType,
} from './scripts-library.js';
export { defaultScriptsLibrary, defaultScriptsLibraryDir, loadScriptsLibrary } from './load-scripts-library.js';
