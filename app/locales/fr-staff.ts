// What only signed-in staff read (their pages, the poster): loaded in the browser for staff only.
import catalogue from "../../locales/fr/catalogue.json";
import charterStaff from "../../locales/fr/charter-staff.json";
import moderation from "../../locales/fr/moderation.json";
import print from "../../locales/fr/print.json";
import staff from "../../locales/fr/staff.json";
import themes from "../../locales/fr/themes.json";
// One-line hints of the themes, kept apart from their labels: citizens' pages load only the labels.
import themeHints from "../../locales/fr/theme-hints.json";
import synthesis from "../../locales/fr/synthesis.json";
import votes from "../../locales/fr/votes.json";

const dictionary: Record<string, unknown> = { ...staff, ...print, ...moderation, ...themes, ...themeHints, ...catalogue, ...charterStaff, ...votes, ...synthesis };
export default dictionary;
