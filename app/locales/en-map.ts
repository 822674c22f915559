// The national map (/carte): loaded only by the pages that declare "map".
import map from "../../locales/en/map.json";

const dictionary: Record<string, unknown> = { ...map };
export default dictionary;
