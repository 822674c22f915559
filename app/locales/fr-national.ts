// National results and open data (/national, /donnees): server-side only, their loaders translate every string.
import national from "../../locales/fr/national.json";

const dictionary: Record<string, unknown> = { ...national };
export default dictionary;
