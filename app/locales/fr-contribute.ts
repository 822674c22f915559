// Hopes and fears: loaded only by the pages that declare the "contribute" namespace.
import contributions from "../../locales/fr/contributions.json";
import themes from "../../locales/fr/themes.json";

const dictionary: Record<string, unknown> = { ...contributions, ...themes };
export default dictionary;
