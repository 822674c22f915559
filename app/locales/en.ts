// The citizen dictionary of one language: every page loads it. Top-level keys are unique across files.
import agenda from "../../locales/en/agenda.json";
import common from "../../locales/en/common.json";
import events from "../../locales/en/events.json";

const dictionary: Record<string, unknown> = { ...common, ...events, ...agenda };
export default dictionary;
