// National results and open data (/national, /donnees): server-side only, their loaders translate every string.
import national from "../../locales/en/national.json";

const dictionary: Record<string, unknown> = { ...national };
export default dictionary;
