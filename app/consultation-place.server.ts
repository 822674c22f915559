import { ANON, db } from "./db.server";
import { CODE_PATTERN, normaliseCode, UUID_PATTERN } from "./domain";
import { getConsultation } from "./models/consultation.server";
import { getEventByCode } from "./models/event.server";

/** Where a citizen takes part: through an event's code (/e/<code>/…) or a consultation's own page. */
export type ConsultationPlace = { consultationId?: string; code?: string };

/** The consultation (and event) a citizen page is about, as anyone may see it; null when none. */
export async function resolveConsultationPlace(place: ConsultationPlace) {
  return db().asCaller(ANON, async (tx) => {
    if (place.code) {
      const code = normaliseCode(place.code);
      const event = CODE_PATTERN.test(code) ? await getEventByCode(tx, { code }) : null;
      if (!event) return null;
      const consultation = await getConsultation(tx, { id: event.consultation_id });
      return consultation ? { consultation, event } : null;
    }
    const id = place.consultationId ?? "";
    const consultation = UUID_PATTERN.test(id) ? await getConsultation(tx, { id }) : null;
    return consultation ? { consultation, event: null } : null;
  });
}
