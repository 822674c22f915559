// What only signed-in staff read (their pages, the poster): loaded in the browser for staff only.
import catalogue from "../../locales/en/catalogue.json";
import charterStaff from "../../locales/en/charter-staff.json";
import moderation from "../../locales/en/moderation.json";
import print from "../../locales/en/print.json";
import staff from "../../locales/en/staff.json";
import themes from "../../locales/en/themes.json";
// One-line hints of the themes, kept apart from their labels: citizens' pages load only the labels.
import themeHints from "../../locales/en/theme-hints.json";
import synthesis from "../../locales/en/synthesis.json";
import votes from "../../locales/en/votes.json";

const dictionary: Record<string, unknown> = { ...staff, ...print, ...moderation, ...themes, ...themeHints, ...catalogue, ...charterStaff, ...votes, ...synthesis };
export default dictionary;
