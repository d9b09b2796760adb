// What went wrong, one note per problem: what the annotations show (at most ten) and the job summary lists (all).
import { REPLY_LIMITS } from '../common/tunables.js';
import { cut } from '../common/safe-text.js';
import type { FailureText, Snippet } from '../common/failure.js';
import type { RunResult } from '../result.js';
import { cancelledFailure } from './step-failure.js';
import { isCredentialsLapsed } from '../http/error-kinds.js';

interface Note {
  level: 'error' | 'warning';
  title: string;
  text: FailureText;
}

/**
 * Every invalid input; else the cancel; else the step's own failure (credentials, a dry run's missing snapshot job
 * role) and each failed job (titled with its identifier when the step has several).
 */
export function problemNotes(result: RunResult): Note[] {
  return notesOf(result).map((n) => ({ ...n, text: capped(n.text) }));
}

/**
 * A note's text at most REPLY_LIMITS.failureTextChars long, cut in its prose with a mark: however large a reply
 * was, one job's note stays readable, and 700 of them stay a report, not a heap exhaustion.
 */
function capped(text: FailureText): FailureText {
  const max = REPLY_LIMITS.failureTextChars;
  if (typeof text === 'string') return cut(text, max - 1 + CUT.length, CUT);
  let room: number = max;
  const kept: (string | Snippet)[] = [];
  for (const part of text) {
    const size = typeof part === 'string' ? part.length : part.code.length;
    if (size <= room) {
      kept.push(part);
      room -= size;
      continue;
    }
    if (typeof part === 'string') kept.push(cut(part, Math.max(0, room - 1) + CUT.length, CUT));
    else kept.push(CUT);
    break;
  }
  return kept;
}

const CUT = '… (cut here: too long to show whole)';

function notesOf(result: RunResult): Note[] {
  if (result.inputProblems?.length)
    return result.inputProblems.map((p) => ({
      level: 'error',
      title: `Invalid input: ${p.input}`,
      text: p.message,
    }));
  if (result.cancelled) {
    const failure = cancelledFailure(result);
    return [{ level: failure.level ?? 'error', title: failure.title, text: failure.text }];
  }
  const jobNotes = jobFailureNotes(result);
  const { failure } = result;
  if (!failure) return jobNotes;
  // The step's own failure first; a job's that only repeats it (the credentials ran out) is not told twice.
  const step: Note = { level: failure.level ?? 'error', title: failure.title, text: failure.text };
  return [step, ...jobNotes.filter((n) => !n.lapse)].map(({ level, title, text }) => ({
    level,
    title,
    text,
  }));
}

/** Each failed job's note, titled with its identifier when the step has several. */
function jobFailureNotes(result: RunResult): (Note & { lapse?: boolean })[] {
  const several = result.jobs.length > 1;
  return result.jobs.flatMap((j) =>
    j.failure
      ? [
          {
            level: 'error' as const,
            title: several ? `${j.jobIdentifier}: ${j.failure.title}` : j.failure.title,
            text: j.failure.text,
            ...(isCredentialsLapsed({ name: j.failure.code }) ? { lapse: true } : {}),
          },
        ]
      : [],
  );
}
