// The citizen dictionary of one language: every page loads it. Top-level keys are unique across files.
import agenda from "../../locales/fr/agenda.json";
import common from "../../locales/fr/common.json";
import events from "../../locales/fr/events.json";

const dictionary: Record<string, unknown> = { ...common, ...events, ...agenda };
export default dictionary;
