import type { PcmAudio } from '../audio/audio-format.js';
import type { Locale } from '../domain/locale.js';
import type { AsrHints, AsrListener, AsrProvider, AsrStream } from '../providers/asr/asr.js';
import type { TtsProvider, TtsRequest } from '../providers/tts/tts.js';

/**
 * A recognizer that costs nothing: each utterance it hears is "recognized" as the next text of
 * its script. For testing and benchmarking everything around speech recognition.
 */
export class ScriptedAsr implements AsrProvider {
  readonly name = 'scripted';
  readonly locales: readonly Locale[] = ['en-US', 'zh-CN'];
  readonly sampleRateHz = 8000;
  /** The hints each utterance was opened with, in order. */
  readonly hintsSeen: AsrHints[] = [];
  /** Read in place, not copied: a benchmark gives hundreds of recognizers one long script. */
  private readonly script: readonly string[];
  /** The script's next text. */
  private next = 0;

  constructor(script: readonly string[]) {
    this.script = script;
  }

  async open(options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    this.hintsSeen.push(options.hints);
    let samples = 0;
    let closed = false;
    return {
      write: (chunk) => {
        samples += chunk.length;
      },
      finish: async () => {
        if (closed) return;
        const text = samples > 0 ? (this.script[this.next++] ?? '') : '';
        listener.onResult({ text, isFinal: true, confidence: text === '' ? 0 : 0.9 });
      },
      close: () => {
        closed = true;
      },
    };
  }
}

/** A synthesizer that costs nothing: a quiet tone, 40 ms per character of text by default (at most 4 s). */
export class ToneTts implements TtsProvider {
  readonly name = 'tone';
  readonly requests: TtsRequest[] = [];
  private readonly msPerCharacter: number;

  /** @param options.msPerCharacter How long each character of text sounds: shorter prompts make shorter real-time calls. */
  constructor(options: { readonly msPerCharacter?: number } = {}) {
    this.msPerCharacter = options.msPerCharacter ?? 40;
  }

  defaultVoice(): string {
    return 'tone';
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    this.requests.push(request);
    const sampleRateHz = 8000;
    const samples = new Int16Array(Math.round(Math.min(4000, request.text.length * this.msPerCharacter) * (sampleRateHz / 1000)));
    for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(800 * Math.sin((2 * Math.PI * 440 * i) / sampleRateHz));
    return { samples, sampleRateHz };
  }
}
