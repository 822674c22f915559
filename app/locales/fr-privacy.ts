// Privacy pages (/mes-donnees and the legal pages): server-side only, their loaders translate every string.
import privacy from "../../locales/fr/privacy.json";

const dictionary: Record<string, unknown> = { ...privacy };
export default dictionary;
