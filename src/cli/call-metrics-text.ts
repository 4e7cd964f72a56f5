import { TURN_STAGES, type CallRecordEvent, type CallTalk, type StageStats, type TurnStage } from '../store/index.js';

/** Each stage as `dunbot calls show` names it. */
const STAGE_NAMES: Readonly<Record<TurnStage, string>> = {
  endpointing: 'endpointing',
  recognition: 'recognition',
  understanding: 'understanding',
  flow: 'flow',
  synthesis: 'synthesis',
  firstFrame: 'first frame',
};

/** Where the summary's lines continue: under its first line's text, past `  +     0ms  metrics `. */
const CONTINUED = `\n${' '.repeat(21)}`;

/** One turn's latency, the whole and each stage in order: `turn 2 (speech) 742 ms = endpointing 300 + recognition 120 + …`. */
export function describeTurnTiming(entry: Extract<CallRecordEvent, { type: 'turn.timing' }>): string {
  const stages = TURN_STAGES.map((stage) => `${STAGE_NAMES[stage]} ${entry.stages[`${stage}Ms`]}`).join(' + ');
  return `timing [${entry.state}] turn ${entry.turn} (${entry.input}) answered in ${entry.totalMs} ms = ${stages}   (${entry.prompt})`;
}

/** The call's summary: latency by stage, interruptions, no input and not understood, and the talk time of a voice call. */
export function describeCallMetrics(entry: Extract<CallRecordEvent, { type: 'call.metrics' }>): string {
  const stats = (name: string, value: StageStats): string => `${name} ${value.p50Ms}/${value.maxMs} (${value.turns})`;
  const stages = TURN_STAGES.flatMap((stage) => {
    const value = entry.stages[stage];
    return value === undefined ? [] : [stats(STAGE_NAMES[stage], value)];
  });
  const lines = [
    `metrics ${entry.turns} timed turn${entry.turns === 1 ? '' : 's'}` + (entry.total !== undefined ? `, whole turn p50/max ${entry.total.p50Ms}/${entry.total.maxMs} ms` : ''),
    ...(stages.length > 0 ? [`by stage, p50/max ms (turns): ${stages.join(' · ')}`] : []),
    `interruptions: ${entry.interruptions.byCaller} by the caller, ${entry.interruptions.byBot} by the bot; no input ${entry.noInput}; not understood ${entry.notUnderstood}`,
    ...(entry.talk !== undefined ? [describeTalk(entry.talk)] : []),
  ];
  return lines.join(CONTINUED);
}

function describeTalk(talk: CallTalk): string {
  const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
  const { callerOnly, botOnly, overlap, silence } = talk.shares;
  return `talk over ${(talk.durationMs / 1000).toFixed(1)} s: caller alone ${percent(callerOnly)} · bot alone ${percent(botOnly)} · both ${percent(overlap)} (${talk.overlapMs} ms) · silence ${percent(silence)}` +
    ` (caller ${talk.callerMs} ms, bot ${talk.botMs} ms)`;
}
