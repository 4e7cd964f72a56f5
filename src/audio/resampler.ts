/**
 * Sample-rate conversion by a windowed-sinc polyphase FIR filter. The ratio toHz/fromHz is reduced
 * to L/M; output sample n sits at input time n·M/L and is the dot product of the input around that
 * time with one of L precomputed filter phases. The kernel is centred on each output instant, so
 * the output is not delayed: the filter's look-ahead is held back until `flush()`.
 */

/** Stopband attenuation of the Kaiser design, well below 16-bit telephone audio's noise. */
const STOPBAND_ATTENUATION_DB = 80;
/**
 * Passband edge as a fraction of the lower Nyquist frequency: 0.85 keeps 3400 Hz, the top of the
 * telephone band, when converting to or from 8 kHz. The stopband starts at the Nyquist frequency
 * itself, so nothing above it folds back when downsampling.
 */
const PASSBAND_FRACTION = 0.85;
/** Bounds the phase table: rate pairs whose reduced ratio needs more phases are refused. */
const MAX_PHASES = 4096;

interface FilterBank {
  /** Upsampling factor: phases per input sample. */
  readonly up: number;
  /** Downsampling factor. */
  readonly down: number;
  /** Taps on each side of the output instant, in input samples. */
  readonly halfTaps: number;
  /** `up` phases of `2 * halfTaps` coefficients, phase-major. */
  readonly coefficients: Float64Array;
}

const filterBanks = new Map<string, FilterBank>();

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; term > sum * 1e-12; k += 1) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

function designFilterBank(fromHz: number, toHz: number): FilterBank {
  const divisor = greatestCommonDivisor(fromHz, toHz);
  const up = toHz / divisor;
  const down = fromHz / divisor;
  if (up > MAX_PHASES) throw new RangeError(`Resampling ${fromHz} Hz to ${toHz} Hz needs ${up} filter phases; at most ${MAX_PHASES} are supported`);
  const nyquistHz = Math.min(fromHz, toHz) / 2;
  const transitionHz = nyquistHz * (1 - PASSBAND_FRACTION);
  // Cutoff and transition width in cycles per input sample.
  const cutoff = (nyquistHz * (1 + PASSBAND_FRACTION)) / 2 / fromHz;
  const transition = transitionHz / fromHz;
  // Kaiser's formulas for the window's shape and the filter length that meet the attenuation.
  const beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
  const lengthInputSamples = (STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
  // Rounded up to an even number so each phase has a multiple of 4 taps, for the unrolled loop.
  const halfTaps = 2 * Math.ceil(lengthInputSamples / 4);
  const taps = 2 * halfTaps;
  const coefficients = new Float64Array(up * taps);
  const windowNorm = besselI0(beta);
  for (let phase = 0; phase < up; phase += 1) {
    let sum = 0;
    for (let k = 0; k < taps; k += 1) {
      // Distance in input samples from the output instant to input sample k of this phase's window.
      const distance = phase / up + halfTaps - 1 - k;
      const ratio = distance / halfTaps;
      const window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / windowNorm;
      const argument = 2 * cutoff * distance;
      const sinc = argument === 0 ? 1 : Math.sin(Math.PI * argument) / (Math.PI * argument);
      const value = 2 * cutoff * sinc * window;
      coefficients[phase * taps + k] = value;
      sum += value;
    }
    // Unit gain at DC for every phase; otherwise the phases' small gain differences modulate the signal.
    for (let k = 0; k < taps; k += 1) coefficients[phase * taps + k] = (coefficients[phase * taps + k] ?? 0) / sum;
  }
  return { up, down, halfTaps, coefficients };
}

function filterBankFor(fromHz: number, toHz: number): FilterBank {
  const key = `${fromHz}:${toHz}`;
  let bank = filterBanks.get(key);
  if (bank === undefined) {
    bank = designFilterBank(fromHz, toHz);
    filterBanks.set(key, bank);
  }
  return bank;
}

function checkRate(name: string, rateHz: number): void {
  if (!Number.isInteger(rateHz) || rateHz <= 0) throw new RangeError(`${name} must be a positive whole number of hertz, got ${rateHz}`);
}

/** Settings of a Resampler: the input and output sample rates in hertz. */
export interface ResamplerOptions {
  readonly fromHz: number;
  readonly toHz: number;
}

/**
 * A streaming sample-rate converter for one audio stream: chunks passed to `process()` and then
 * `flush()` give exactly the samples that `resample()` gives for the whole signal at once.
 *
 * @example
 * const toAsr = new Resampler({ fromHz: 8000, toHz: 16000 });
 * const wideband = toAsr.process(frame); // 160 samples in, about 320 out
 */
export class Resampler {
  readonly fromHz: number;
  readonly toHz: number;
  private readonly bank: FilterBank | undefined;
  /** Input samples from absolute index `bufferStart`, zeros standing in for samples before 0; as doubles, which multiply fastest. */
  private buffer: Float64Array;
  private bufferLength = 0;
  private bufferStart = 0;
  private inputCount = 0;
  private outputCount = 0;

  constructor(options: ResamplerOptions) {
    checkRate('fromHz', options.fromHz);
    checkRate('toHz', options.toHz);
    this.fromHz = options.fromHz;
    this.toHz = options.toHz;
    this.bank = options.fromHz === options.toHz ? undefined : filterBankFor(options.fromHz, options.toHz);
    this.buffer = new Float64Array(0);
    this.reset();
  }

  /** Converts the next chunk, returning every output sample whose input window is complete. */
  process(samples: Int16Array): Int16Array {
    const bank = this.bank;
    if (bank === undefined) return samples.slice();
    this.append(samples, samples.length);
    this.inputCount += samples.length;
    // Output n needs input up to floor(n·M/L) + halfTaps.
    return this.produce(bank, this.inputCount - 1 - bank.halfTaps);
  }

  /** Ends the stream: returns the remaining output (the input's tail, filtered against silence) and resets. */
  flush(): Int16Array {
    const bank = this.bank;
    if (bank === undefined) return new Int16Array(0);
    this.append(undefined, bank.halfTaps);
    const tail = this.produce(bank, this.inputCount - 1);
    this.reset();
    return tail;
  }

  /** Forgets all input, as if newly constructed. */
  reset(): void {
    const halfTaps = this.bank?.halfTaps ?? 0;
    if (this.buffer.length < 2 * halfTaps) this.buffer = new Float64Array(4 * halfTaps);
    // Silence before the first sample, so the first outputs have a full window.
    this.buffer.fill(0, 0, Math.max(0, halfTaps - 1));
    this.bufferLength = Math.max(0, halfTaps - 1);
    this.bufferStart = -this.bufferLength;
    this.inputCount = 0;
    this.outputCount = 0;
  }

  /** Appends samples (or zeros when `samples` is undefined), first dropping input no output needs any more. */
  private append(samples: Int16Array | undefined, count: number): void {
    const bank = this.bank;
    if (bank === undefined) return;
    const firstNeeded = Math.floor((this.outputCount * bank.down) / bank.up) - bank.halfTaps + 1;
    const drop = Math.min(this.bufferLength, Math.max(0, firstNeeded - this.bufferStart));
    if (drop > 0) {
      this.buffer.copyWithin(0, drop, this.bufferLength);
      this.bufferLength -= drop;
      this.bufferStart += drop;
    }
    if (this.bufferLength + count > this.buffer.length) {
      const grown = new Float64Array(Math.max(2 * this.buffer.length, this.bufferLength + count));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    if (samples === undefined) this.buffer.fill(0, this.bufferLength, this.bufferLength + count);
    else this.buffer.set(samples, this.bufferLength);
    this.bufferLength += count;
  }

  /** Computes every output whose window centre floor(n·M/L) is at most `lastCentre`. */
  private produce(bank: FilterBank, lastCentre: number): Int16Array {
    const { up, down, halfTaps, coefficients } = bank;
    const taps = 2 * halfTaps;
    // n·M/L < lastCentre + 1  ⇔  n < (lastCentre + 1)·L/M.
    const end = lastCentre < 0 ? 0 : Math.ceil(((lastCentre + 1) * up) / down);
    const count = Math.max(0, end - this.outputCount);
    const output = new Int16Array(count);
    const buffer = this.buffer;
    let position = this.outputCount * down;
    for (let i = 0; i < count; i += 1, position += down) {
      const centre = Math.floor(position / up);
      const phaseOffset = (position - centre * up) * taps;
      const start = centre - halfTaps + 1 - this.bufferStart;
      // Four running sums break the chain of dependent additions; taps is a multiple of 4.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let k = 0; k < taps; k += 4) {
        const c = phaseOffset + k;
        const b = start + k;
        sum0 += (coefficients[c] ?? 0) * (buffer[b] ?? 0);
        sum1 += (coefficients[c + 1] ?? 0) * (buffer[b + 1] ?? 0);
        sum2 += (coefficients[c + 2] ?? 0) * (buffer[b + 2] ?? 0);
        sum3 += (coefficients[c + 3] ?? 0) * (buffer[b + 3] ?? 0);
      }
      const rounded = Math.round(sum0 + sum1 + sum2 + sum3);
      output[i] = rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
    }
    this.outputCount += count;
    return output;
  }
}

/**
 * Converts a whole signal from one sample rate to another, without delay; the output has
 * ceil(length · toHz / fromHz) samples.
 *
 * @example
 * const telephone = resample(ttsSamples, 22050, 8000);
 */
export function resample(samples: Int16Array, fromHz: number, toHz: number): Int16Array {
  const resampler = new Resampler({ fromHz, toHz });
  const body = resampler.process(samples);
  const tail = resampler.flush();
  if (tail.length === 0) return body;
  const output = new Int16Array(body.length + tail.length);
  output.set(body);
  output.set(tail, body.length);
  return output;
}
