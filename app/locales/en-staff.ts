// What only signed-in staff read (their pages, the poster): loaded in the browser for staff only.
import moderation from "../../locales/en/moderation.json";
import print from "../../locales/en/print.json";
import staff from "../../locales/en/staff.json";
import themes from "../../locales/en/themes.json";

const dictionary: Record<string, unknown> = { ...staff, ...print, ...moderation, ...themes };
export default dictionary;
