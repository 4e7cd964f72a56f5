/** Row (low-group) frequencies, per ITU-T Q.23. */
const ROWS_HZ = [697, 770, 852, 941] as const;
/** Column (high-group) frequencies, per ITU-T Q.23. */
const COLUMNS_HZ = [1209, 1336, 1477, 1633] as const;
/** Keys by row, then column. */
const KEYS = ['123A', '456B', '789C', '*0#D'] as const;

/**
 * Block length: 102 samples at 8 kHz (12.75 ms). Two consecutive blocks must agree, which needs at
 * most 38.25 ms of tone, so every tone of 40 ms (the usual minimum a receiver must accept) is caught; bins 78 Hz wide
 * still separate the 73 Hz-spaced rows. Same reasoning as spandsp's `dtmf.c`.
 */
const BLOCK_MS = 12.75;
/** Consecutive agreeing blocks that make a key press, and consecutive empty blocks that end one. */
const CONFIRM_BLOCKS = 2;
/** The quietest tone accepted: each tone's peak level in dBFS. */
const MIN_TONE_LEVEL_DB = -40;
/** The column tone may be this much weaker than the row tone (normal twist; 8 dB is the common limit)... */
const NORMAL_TWIST_DB = 8;
/** ...or this much stronger (reverse twist). */
const REVERSE_TWIST_DB = 4;
/** The winning row (column) must beat every other row (column) by this much. */
const RELATIVE_PEAK_DB = 8;
/** The second harmonic of each tone must be this far below it; voices and instruments have strong ones. */
const SECOND_HARMONIC_DB = 10;
/**
 * A row's second harmonic (1394–1882 Hz) can sit close to the key's own column tone (2·697 Hz is
 * 58 Hz from 1336 Hz), whose leakage into a 78 Hz-wide bin would look like a harmonic. Within this
 * many bin widths of the column tone, allowing for ±1.5 % frequency deviation, the row's harmonic
 * is not checked; the column's (2418–3266 Hz) always is.
 */
const HARMONIC_CLEARANCE_BINS = 1.5;
/**
 * The two tones must carry this share of the block's energy. Speech and music spread their
 * energy over many harmonics; a key press is two sines and nothing else.
 */
const MIN_TONE_SHARE = 0.7;
/**
 * The least share of the block's energy the column tone can hold in a key press: the row tone is
 * at most NORMAL_TWIST_DB stronger, and the two must reach MIN_TONE_SHARE. Columns are filtered
 * first and speech rarely puts this much in one of them (its energy sits below 1 kHz), so most
 * loud blocks end after four filters instead of eight, with exactly the same verdicts.
 */
const MIN_COLUMN_SHARE = MIN_TONE_SHARE / (1 + 10 ** (NORMAL_TWIST_DB / 10));

/** Settings of a DtmfDetector. */
export interface DtmfDetectorOptions {
  readonly sampleRateHz: number;
}

/** Coefficients of the Goertzel filters for one sample rate. */
interface Filters {
  readonly blockSize: number;
  readonly rows: Float64Array;
  readonly columns: Float64Array;
  /** Second-harmonic filters; NaN marks a harmonic that is not checked. */
  readonly rowHarmonics: Float64Array;
  readonly columnHarmonics: Float64Array;
  /** Per key (row · 4 + column): whether the row's second harmonic is clear of the column tone. */
  readonly rowHarmonicChecked: readonly boolean[];
  readonly minToneEnergy: number;
}

function goertzelCoefficient(frequencyHz: number, sampleRateHz: number): number {
  return 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRateHz);
}

function buildFilters(sampleRateHz: number): Filters {
  const blockSize = Math.round((sampleRateHz * BLOCK_MS) / 1000);
  const harmonic = (frequencyHz: number): number => (2 * frequencyHz < sampleRateHz / 2 ? goertzelCoefficient(2 * frequencyHz, sampleRateHz) : Number.NaN);
  const peak = 32768 * 10 ** (MIN_TONE_LEVEL_DB / 20);
  const clearanceHz = (HARMONIC_CLEARANCE_BINS * sampleRateHz) / blockSize;
  const rowHarmonicChecked = ROWS_HZ.flatMap((rowHz) => COLUMNS_HZ.map((columnHz) => Math.abs(2 * rowHz - columnHz) > clearanceHz));
  return {
    blockSize,
    rows: Float64Array.from(ROWS_HZ, (hz) => goertzelCoefficient(hz, sampleRateHz)),
    columns: Float64Array.from(COLUMNS_HZ, (hz) => goertzelCoefficient(hz, sampleRateHz)),
    rowHarmonics: Float64Array.from(ROWS_HZ, harmonic),
    columnHarmonics: Float64Array.from(COLUMNS_HZ, harmonic),
    rowHarmonicChecked,
    // A sine of peak A contributes A²·N/2 to a block's sum of squares.
    minToneEnergy: (peak * peak * blockSize) / 2,
  };
}

/**
 * The energy a tone at the filter's frequency contributes to the block, by the Goertzel algorithm;
 * scaled by 2/N so that it is comparable with the block's sum of squares.
 */
function goertzelEnergy(block: Int16Array, coefficient: number): number {
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < block.length; i += 1) {
    const current = (block[i] ?? 0) + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * power) / block.length;
}

/**
 * goertzelEnergy for four frequencies at once, into `energies`: one pass over the block instead of
 * four. Loud blocks (speech) run this on every frame of a call; the four filters' states stay in
 * registers and the block is read once.
 */
function goertzelEnergies(block: Int16Array, coefficients: Float64Array, energies: Float64Array): void {
  const c0 = coefficients[0] ?? 0;
  const c1 = coefficients[1] ?? 0;
  const c2 = coefficients[2] ?? 0;
  const c3 = coefficients[3] ?? 0;
  let p0 = 0, q0 = 0, p1 = 0, q1 = 0, p2 = 0, q2 = 0, p3 = 0, q3 = 0;
  for (let i = 0; i < block.length; i += 1) {
    const x = block[i] ?? 0;
    const s0 = x + c0 * p0 - q0;
    const s1 = x + c1 * p1 - q1;
    const s2 = x + c2 * p2 - q2;
    const s3 = x + c3 * p3 - q3;
    q0 = p0; p0 = s0;
    q1 = p1; p1 = s1;
    q2 = p2; p2 = s2;
    q3 = p3; p3 = s3;
  }
  const scale = 2 / block.length;
  energies[0] = (p0 * p0 + q0 * q0 - c0 * p0 * q0) * scale;
  energies[1] = (p1 * p1 + q1 * q1 - c1 * p1 * q1) * scale;
  energies[2] = (p2 * p2 + q2 * q2 - c2 * p2 * q2) * scale;
  energies[3] = (p3 * p3 + q3 * q3 - c3 * p3 * q3) * scale;
}

const NO_KEY = -1;
const NO_DIGITS: readonly string[] = Object.freeze([]);

/**
 * Detects DTMF key presses in 16-bit PCM (in-band keypad tones) with Goertzel filters on the
 * eight Q.23 frequencies, checking level, twist, relative peaks, second harmonics, the tones'
 * share of the energy, duration and the gap between presses. Each press is reported once, when it starts.
 *
 * @example
 * const dtmf = new DtmfDetector({ sampleRateHz: 8000 });
 * for (const digit of dtmf.process(frame)) onKey(digit);
 */
export class DtmfDetector {
  readonly sampleRateHz: number;
  private readonly filters: Filters;
  /** The block being filled, kept as the 16-bit samples it is made of: a quarter of the memory every frame of every call touches. */
  private readonly block: Int16Array;
  private blockFill = 0;
  private blockEnergy = 0;
  private readonly rowEnergies = new Float64Array(4);
  private readonly columnEnergies = new Float64Array(4);
  /** The key seen in the last blocks, and for how many blocks in a row. */
  private candidate = NO_KEY;
  private candidateBlocks = 0;
  /** The key held down now (already reported), or NO_KEY. */
  private held = NO_KEY;

  constructor(options: DtmfDetectorOptions) {
    if (!(options.sampleRateHz >= 4000)) throw new RangeError(`sampleRateHz must be at least 4000 to carry DTMF, got ${options.sampleRateHz}`);
    this.sampleRateHz = options.sampleRateHz;
    this.filters = buildFilters(options.sampleRateHz);
    this.block = new Int16Array(this.filters.blockSize);
  }

  /** Feeds the next samples and returns the keys whose presses started in them, in order. */
  process(samples: Int16Array): readonly string[] {
    // Almost every frame holds no key: those share one empty result rather than allocate their own.
    let digits: string[] | undefined;
    const block = this.block;
    // Whole runs are copied and summed in locals: this runs on every frame of every call.
    for (let offset = 0; offset < samples.length; ) {
      const run = Math.min(block.length - this.blockFill, samples.length - offset);
      let energy = this.blockEnergy;
      let fill = this.blockFill;
      for (let i = offset; i < offset + run; i += 1) {
        const sample = samples[i] ?? 0;
        block[fill] = sample;
        fill += 1;
        energy += sample * sample;
      }
      this.blockEnergy = energy;
      this.blockFill = fill;
      offset += run;
      if (this.blockFill === block.length) {
        const digit = this.endBlock(this.classifyBlock());
        if (digit !== undefined) (digits ??= []).push(digit);
        this.blockFill = 0;
        this.blockEnergy = 0;
      }
    }
    return digits ?? NO_DIGITS;
  }

  /** Forgets any partial block and held key. */
  reset(): void {
    this.blockFill = 0;
    this.blockEnergy = 0;
    this.candidate = NO_KEY;
    this.candidateBlocks = 0;
    this.held = NO_KEY;
  }

  /** Applies the duration and gap rules to one block's verdict; returns a key when a press starts. */
  private endBlock(key: number): string | undefined {
    if (key === this.candidate) this.candidateBlocks += 1;
    else {
      this.candidate = key;
      this.candidateBlocks = 1;
    }
    if (this.candidateBlocks !== CONFIRM_BLOCKS) return undefined;
    // A key (or a gap) has lasted long enough to be real.
    const previous = this.held;
    this.held = key;
    if (key === NO_KEY || key === previous) return undefined;
    return KEYS[key >> 2]?.[key & 3];
  }

  /** Returns the key (row · 4 + column) that this block holds, or NO_KEY. */
  private classifyBlock(): number {
    const { rows, columns, rowHarmonics, columnHarmonics, rowHarmonicChecked, minToneEnergy } = this.filters;
    const block = this.block;
    // No single frequency can hold more than twice the block's energy (Cauchy–Schwarz on the DFT
    // sum: |X|² ≤ N·Σx²), so a block that quiet cannot carry two tones at the minimum level. Line
    // noise and pauses end here, without the eight filters.
    if (2 * this.blockEnergy < minToneEnergy) return NO_KEY;
    const rowEnergies = this.rowEnergies;
    const columnEnergies = this.columnEnergies;
    goertzelEnergies(block, columns, columnEnergies);
    let bestColumn = 0;
    for (let i = 1; i < 4; i += 1) if ((columnEnergies[i] ?? 0) > (columnEnergies[bestColumn] ?? 0)) bestColumn = i;
    const columnEnergy = columnEnergies[bestColumn] ?? 0;
    if (columnEnergy < minToneEnergy || columnEnergy < MIN_COLUMN_SHARE * this.blockEnergy) return NO_KEY;
    goertzelEnergies(block, rows, rowEnergies);
    let bestRow = 0;
    for (let i = 1; i < 4; i += 1) if ((rowEnergies[i] ?? 0) > (rowEnergies[bestRow] ?? 0)) bestRow = i;
    const rowEnergy = rowEnergies[bestRow] ?? 0;
    if (rowEnergy < minToneEnergy) return NO_KEY;
    if (columnEnergy < rowEnergy * 10 ** (-NORMAL_TWIST_DB / 10) || columnEnergy > rowEnergy * 10 ** (REVERSE_TWIST_DB / 10)) return NO_KEY;
    if (rowEnergy + columnEnergy < MIN_TONE_SHARE * this.blockEnergy) return NO_KEY;
    const peakRatio = 10 ** (RELATIVE_PEAK_DB / 10);
    for (let i = 0; i < 4; i += 1) {
      if (i !== bestRow && (rowEnergies[i] ?? 0) * peakRatio > rowEnergy) return NO_KEY;
      if (i !== bestColumn && (columnEnergies[i] ?? 0) * peakRatio > columnEnergy) return NO_KEY;
    }
    const harmonicRatio = 10 ** (SECOND_HARMONIC_DB / 10);
    const rowHarmonic = rowHarmonicChecked[bestRow * 4 + bestColumn] === true ? (rowHarmonics[bestRow] ?? Number.NaN) : Number.NaN;
    const columnHarmonic = columnHarmonics[bestColumn] ?? Number.NaN;
    if (!Number.isNaN(rowHarmonic) && goertzelEnergy(block, rowHarmonic) * harmonicRatio > rowEnergy) return NO_KEY;
    if (!Number.isNaN(columnHarmonic) && goertzelEnergy(block, columnHarmonic) * harmonicRatio > columnEnergy) return NO_KEY;
    return bestRow * 4 + bestColumn;
  }
}
