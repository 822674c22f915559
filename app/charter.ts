/** Vocabulary of the charter of commitments, shared by server and browser code. */
export const commitmentStatuses = ["adopted", "in_progress", "not_planned"] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

/** Commitment 5 of the template: its content is the list of uses the territory rules out. */
export const RULED_OUT_KEY = "ruled_out_uses";

export type CommitmentText = { title: string; explanation: string; evidence?: string };
export type TemplateCommitment = { key: string; fr: CommitmentText; en?: CommitmentText | null };

/** A commitment as a territory published it: the template's wording then, and its answers. */
export type PublishedCommitment = TemplateCommitment & {
  status: CommitmentStatus;
  target_date: string | null;
  responsible: string;
  evidence: string;
  links: string[];
};

export type RuledOutUse = { id: string; title: string; title_en?: string | null; final?: boolean };

export type CharterSnapshot = {
  version: number;
  commitments: PublishedCommitment[];
  ruled_out: RuledOutUse[];
};

export type CharterChange =
  | { kind: "status"; key: string; from: CommitmentStatus | null; to: CommitmentStatus }
  | { kind: "field"; key: string; field: "target_date" | "responsible" | "evidence" | "links" | "wording" }
  | { kind: "ruled_out_added" | "ruled_out_removed"; use: RuledOutUse };

/** What changed from one published version to the next, commitment by commitment. */
export function charterChanges(previous: CharterSnapshot | null, next: CharterSnapshot): CharterChange[] {
  const changes: CharterChange[] = [];
  const before = new Map((previous?.commitments ?? []).map((c) => [c.key, c]));
  for (const c of next.commitments) {
    const old = before.get(c.key);
    if (!old || old.status !== c.status) changes.push({ kind: "status", key: c.key, from: old?.status ?? null, to: c.status });
    if (!old) continue;
    if (old.target_date !== c.target_date) changes.push({ kind: "field", key: c.key, field: "target_date" });
    if (old.responsible !== c.responsible) changes.push({ kind: "field", key: c.key, field: "responsible" });
    if (old.evidence !== c.evidence) changes.push({ kind: "field", key: c.key, field: "evidence" });
    if (old.links.join("\n") !== c.links.join("\n")) changes.push({ kind: "field", key: c.key, field: "links" });
    if (JSON.stringify([old.fr, old.en]) !== JSON.stringify([c.fr, c.en])) changes.push({ kind: "field", key: c.key, field: "wording" });
  }
  if (previous) {
    const had = new Set(previous.ruled_out.map((u) => u.id));
    const has = new Set(next.ruled_out.map((u) => u.id));
    for (const u of next.ruled_out) if (!had.has(u.id)) changes.push({ kind: "ruled_out_added", use: u });
    for (const u of previous.ruled_out) if (!has.has(u.id)) changes.push({ kind: "ruled_out_removed", use: u });
  }
  return changes;
}

/** The ruled-out list compared with what the votes proposed: what was added, what was left out. */
export function ruledOutDifference(ruledOut: RuledOutUse[], proposed: RuledOutUse[]) {
  const chosen = new Set(ruledOut.map((u) => u.id));
  const voted = new Set(proposed.map((u) => u.id));
  return {
    added: ruledOut.filter((u) => !voted.has(u.id)),
    leftOut: proposed.filter((u) => !chosen.has(u.id)),
  };
}
