import { toCsv, type CsvValue } from "./csv.server";
import { SMALL_CELL, type ConsultationExport } from "./models/export.server";
import { voteConditions, verdicts } from "./votes";

/** The files of an export (docs/exports.md); the URL is /concertations/:id/export/<name>.csv. */
export const exportFiles = [
  "contributions",
  "votes",
  "participation",
  "profiles",
  "polis-comments",
  "polis-votes",
  "polis-participants-votes",
  "polis-summary",
] as const;
export type ExportFile = (typeof exportFiles)[number];

export const LICENCE = { name: "Licence Ouverte 2.0", url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" };

export const STATEMENT =
  "Résultats consultatifs : un vote par appareil et par usage, ouvert à toute personne qui a le code d'une rencontre ; ce n'est pas une élection.";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// Pol.is writes datetimes as Java's Date.toString (e.g. "Wed Jun 18 11:53:44 CEST 2014"); here in UTC.
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export function polisDatetime(d: Date) {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const POLIS_VOTE = { agree: 1, disagree: -1, pass: 0 } as const;
const POLIS_MODERATED = { visible: 1, held: 0, hidden: -1 } as const;

function contributionsTable(data: ConsultationExport) {
  const header = ["comment_id", "author_id", "kind", "themes", "source", "status", "event_code", "created_at", "agree", "disagree", "pass", "body"];
  const rows = data.contributions.map((c) => [
    c.comment_id, c.author_id, c.kind, c.themes.join("|"), c.source, c.status, c.event_code, iso(c.created_at),
    c.agree, c.disagree, c.pass, c.body,
  ]);
  return { header, rows };
}

function votesTable(data: ConsultationExport) {
  const header = ["ai_use", "title", "risk_tier", ...verdicts, ...voteConditions, "other_condition", "total", "outcome"];
  const rows = data.votes.map((v) => [
    v.slug, v.content.fr.title, v.risk_tier, ...verdicts.map((k) => v[k]), ...voteConditions.map((k) => v[k]),
    v.other_condition, v.total, v.outcome,
  ]);
  return { header, rows };
}

function participationTable(data: ConsultationExport) {
  const header = ["event_code", "event_title", "starts_at", "cancelled", "contributions_online", "contributions_paper", "contributors", "votes", "voters"];
  const rows = data.participation.map((p) => [
    p.event_code, p.event_title, iso(p.starts_at), p.cancelled, p.contributions_online, p.contributions_paper,
    p.contributors, p.votes, p.voters,
  ]);
  return { header, rows };
}

function profilesTable(data: ConsultationExport) {
  const header = ["dimension", "value", "participants", "suppressed"];
  const rows = data.profiles.map((p) => [p.dimension, p.value, p.participants, p.suppressed]);
  return { header, rows };
}

function polisParticipants(data: ConsultationExport) {
  const ids = new Set<number>();
  for (const c of data.contributions) if (c.author_id !== null) ids.add(c.author_id);
  for (const r of data.reactions) ids.add(r.voter_id);
  return [...ids].sort((a, b) => a - b);
}

function polisFile(data: ConsultationExport, file: ExportFile, url: string): { header: string[]; rows: CsvValue[][] } {
  switch (file) {
    case "polis-comments":
      return {
        header: ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
        rows: data.contributions.map((c) => [
          c.created_at.getTime(), polisDatetime(c.created_at), c.comment_id, c.author_id, c.agree, c.disagree,
          POLIS_MODERATED[c.status], c.body,
        ]),
      };
    case "polis-votes":
      return {
        header: ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
        rows: data.reactions.map((r) => [r.reacted_at.getTime(), polisDatetime(r.reacted_at), r.comment_id, r.voter_id, POLIS_VOTE[r.value]]),
      };
    case "polis-participants-votes": {
      const commentIds = data.contributions.map((c) => c.comment_id);
      const rows = polisParticipants(data).map((pid) => {
        const mine = data.reactions.filter((r) => r.voter_id === pid);
        const byComment = new Map(mine.map((r) => [r.comment_id, POLIS_VOTE[r.value]]));
        return [
          pid, null, data.contributions.filter((c) => c.author_id === pid).length, mine.length,
          mine.filter((r) => r.value === "agree").length, mine.filter((r) => r.value === "disagree").length,
          ...commentIds.map((id) => byComment.get(id) ?? null),
        ];
      });
      return { header: ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", ...commentIds.map(String)], rows };
    }
    default: {
      const voters = new Set(data.reactions.map((r) => r.voter_id)).size;
      const commenters = new Set(data.contributions.filter((c) => c.author_id !== null).map((c) => c.author_id)).size;
      // summary.csv is a two-column key/value list with no header row.
      const pairs: [string, CsvValue][] = [
        ["url", url], ["voters", voters], ["voters-in-conv", voters], ["commenters", commenters],
        ["comments", data.contributions.length], ["groups", 0], ["conversation-description", data.consultation.description],
      ];
      return { header: ["topic", data.consultation.title], rows: pairs };
    }
  }
}

/** One CSV file of the export. `url` is the consultation's public page. */
export function exportCsv(data: ConsultationExport, file: ExportFile, url: string): string {
  switch (file) {
    case "contributions":
      return fromTable(contributionsTable(data));
    case "votes":
      return fromTable(votesTable(data));
    case "participation":
      return fromTable(participationTable(data));
    case "profiles":
      return fromTable(profilesTable(data));
    default: {
      const { header, rows } = polisFile(data, file, url);
      return toCsv(header, rows, { bom: false });
    }
  }
}

const fromTable = ({ header, rows }: { header: string[]; rows: CsvValue[][] }) => toCsv(header, rows);

const objects = ({ header, rows }: { header: string[]; rows: CsvValue[][] }) =>
  rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? null])));

/** The JSON document: the same tables as the CSV files, plus what they are and under which licence. */
export function exportJson(data: ConsultationExport, url: string, now = new Date()) {
  const c = data.consultation;
  return {
    metadata: {
      schema: "docs/exports.md",
      generated_at: now.toISOString(),
      scope: data.scope,
      licence: LICENCE,
      statement: STATEMENT,
      consultation: { id: c.id, title: c.title, description: c.description, status: c.status, starts_on: c.starts_on.toISOString().slice(0, 10), ends_on: c.ends_on.toISOString().slice(0, 10), closed_at: iso(c.closed_at), url },
      territory: { name: data.territory.name, kind: data.territory.kind, code: data.territory.code },
      small_cell_threshold: SMALL_CELL,
    },
    contributions: data.contributions.map((x) => ({ ...objects(contributionsTable({ ...data, contributions: [x] }))[0], themes: x.themes })),
    votes: objects(votesTable(data)),
    participation: objects(participationTable(data)),
    profiles: objects(profilesTable(data)),
  };
}
