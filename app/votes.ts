/** Vocabulary of the votes on uses of AI (DOMAIN.md), shared by server and browser code. */
export const verdicts = ["proscribe", "conditional", "accept", "unsure"] as const;
export type Verdict = (typeof verdicts)[number];

export const voteConditions = ["human_oversight", "transparency", "eu_hosting", "bias_audit", "human_alternative"] as const;
export type VoteCondition = (typeof voteConditions)[number];

export const riskTiers = ["minimal", "limited", "high", "unacceptable"] as const;
export type RiskTier = (typeof riskTiers)[number];

export const aiUseDomains = [
  "reception",
  "administration",
  "hr",
  "security",
  "social",
  "environment",
  "infrastructure",
  "communication",
  "culture_sport",
  "planning",
  "education",
  "health",
  "mobility",
] as const;
export type AiUseDomain = (typeof aiUseDomains)[number];

export const resultsVisibilities = ["after_vote", "after_close"] as const;
export type ResultsVisibility = (typeof resultsVisibilities)[number];

/** Outcome computed by the database (vote_tallies.outcome): more than half of all votes cast. */
export const outcomes = ["proscribe", "conditional", "accept", "unsure", "none"] as const;
export type Outcome = (typeof outcomes)[number];

/** Below this many voters a result is flagged as fragile. */
export const SMALL_SAMPLE = 30;

export const OTHER_CONDITION_MAX = 300;

/** Whole percentages that add up to 100 (largest remainder), so a results screen never shows 99 % or 101 %. */
export function percentages(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const raw = counts.map((c) => (c * 100) / total);
  const floored = raw.map(Math.floor);
  let left = 100 - floored.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floored[i] += 1;
    left -= 1;
  }
  return floored;
}
