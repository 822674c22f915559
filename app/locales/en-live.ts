// The live Café IA (console and projector): loaded only by the pages that declare "live".
import live from "../../locales/en/live.json";

const dictionary: Record<string, unknown> = { ...live };
export default dictionary;
