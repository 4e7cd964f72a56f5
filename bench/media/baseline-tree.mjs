// @ts-check
/**
 * The baseline of `npm run bench:media -- --baseline <ref>`: a detached git worktree of <ref> in a
 * temporary folder, with this checkout's node_modules linked into it and its own `dist/` built
 * there, so its own bench/media/server-under-test.mjs runs on its own build.
 *
 * The worktree is always removed (`git worktree remove --force`, then `git worktree prune`): by
 * `remove()`, and on exit, SIGINT, SIGTERM or SIGHUP if the run ends before that.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The server script, relative to a tree's root. */
export const SERVER_SCRIPT_PATH = 'bench/media/server-under-test.mjs';

/**
 * `git <args>` in `cwd`, its trimmed output; throws with git's own message.
 * @param {string} cwd @param {string[]} args
 */
export function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * The commit `ref` names in the repository at `root`, or a clear error.
 * @param {string} root @param {string} ref
 */
export function resolveCommit(root, ref) {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--baseline ${ref}: not a commit in ${root}`);
  }
}

/**
 * Checks out `ref` in a temporary worktree, links `root`'s node_modules into it and builds it.
 * @param {string} root the current checkout (its node_modules is used by both trees)
 * @param {string} ref
 */
export function prepareBaselineTree(root, ref) {
  const commit = resolveCommit(root, ref);
  try {
    git(root, ['cat-file', '-e', `${commit}:${SERVER_SCRIPT_PATH}`]);
  } catch {
    throw new Error(`baseline ${ref} (${commit.slice(0, 10)}) has no ${SERVER_SCRIPT_PATH}: it predates this benchmark, so there is nothing to compare with`);
  }
  const modules = join(root, 'node_modules');
  if (!existsSync(join(modules, 'typescript', 'bin', 'tsc'))) throw new Error(`${modules} has no typescript: run npm install in ${root} first`);

  const dir = mkdtempSync(join(tmpdir(), 'dunbot-bench-baseline-'));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', remove);
    // The link first, so nothing below can reach into the real node_modules.
    try {
      if (lstatSync(join(dir, 'node_modules')).isSymbolicLink()) unlinkSync(join(dir, 'node_modules'));
    } catch {
      // not linked yet
    }
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
  };
  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    console.error(`\n${signal}: removing the baseline worktree ${dir}`);
    remove();
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', remove);

  try {
    console.log(`baseline ${ref} (${commit.slice(0, 10)}): worktree in ${dir}`);
    git(root, ['worktree', 'add', '--detach', dir, commit]);
    symlinkSync(modules, join(dir, 'node_modules'), 'dir');
    if (!existsSync(join(dir, 'tsconfig.build.json'))) throw new Error(`baseline ${ref} (${commit.slice(0, 10)}) has no tsconfig.build.json to build with`);
    console.log(`baseline ${ref}: building (node node_modules/typescript/bin/tsc -p tsconfig.build.json)`);
    const startedMs = performance.now();
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`baseline ${ref} (${commit.slice(0, 10)}) does not build with this checkout's node_modules (tsc ${build.signal ?? `exited ${build.status}`})`);
    console.log(`baseline ${ref}: built in ${Math.round(performance.now() - startedMs) / 1000} s`);
  } catch (error) {
    remove();
    throw error;
  }
  return { ref, commit, dir, serverScript: join(dir, SERVER_SCRIPT_PATH), remove };
}

/** @type {NodeJS.Signals[]} */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** @type {Partial<Record<NodeJS.Signals, number>>} */
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
