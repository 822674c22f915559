/** Vocabulary shared by server and browser code (no server imports here). */
export const roles = ["facilitator", "official"] as const;
export type Role = (typeof roles)[number];
