/** The shared taxonomy of hopes and fears (DOMAIN.md), so territories can be compared. */
export const themes = [
  "jobs",
  "environment",
  "privacy",
  "surveillance",
  "bias",
  "transparency",
  "inclusion",
  "human_oversight",
  "democracy",
  "sovereignty",
  "service_quality",
  "efficiency",
] as const;
export type Theme = (typeof themes)[number];

export const contributionKinds = ["hope", "fear"] as const;
export type ContributionKind = (typeof contributionKinds)[number];

export const reactionValues = ["agree", "disagree", "pass"] as const;
export type ReactionValue = (typeof reactionValues)[number];

export const reportReasons = ["off_topic", "insulting", "personal_data", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];
