/** Vocabulary shared by server and browser code (no server imports here). */
export const roles = ["facilitator", "official"] as const;
export type Role = (typeof roles)[number];

export const territoryKinds = ["commune", "epci", "departement", "region"] as const;
export type TerritoryKind = (typeof territoryKinds)[number];

export const audiences = ["all", "youth", "seniors", "families", "staff", "officials", "professionals"] as const;
export type Audience = (typeof audiences)[number];

export const consultationStatuses = ["draft", "open", "closed", "published"] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];

/** Join codes: 6 characters without the look-alikes O/0 and I/1. */
export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CODE_PATTERN = /^[A-HJ-NP-Z2-9]{6}$/;

/** A typed code, forgiving spaces, dashes and lower case. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").slice(0, 12);
}

/** A well-formed UUID: anything looser ("----…") would reach Postgres and fail as a 500. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
