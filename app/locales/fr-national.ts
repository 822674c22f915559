// National results and open data (/national, /donnees): loaded only by the pages that declare "national".
import national from "../../locales/fr/national.json";

const dictionary: Record<string, unknown> = { ...national };
export default dictionary;
