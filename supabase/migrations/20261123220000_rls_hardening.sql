-- RLS hardening, found by the role × operation matrix (tests/db/rls-matrix.ts).

-- A paper contribution's event must belong to its consultation, as an online one's must. Without this,
-- staff of territory A could type a note into A's consultation naming an event of territory B: B's
-- projector, live figures and synthesis per event would count it.
drop policy "Staff of the territory type in paper contributions" on public.contributions;
create policy "Staff of the territory type in paper contributions" on public.contributions
  for insert to authenticated
  with check (
    source = 'paper'
    and participant_id is null
    and private.is_territory_staff(territory_id)
    and (event_id is null or exists (
      select 1 from public.events e where e.id = event_id and e.consultation_id = contributions.consultation_id))
  );

-- Staff emails stay off the public API, as for uses, charters, syntheses and live sessions: anonymous
-- visitors get every column but who created a consultation or an event, who typed in a paper note,
-- and the forms' idempotency keys.
revoke select on public.consultations from anon;
grant select (id, territory_id, title, description, starts_on, ends_on, publics, status, created_at, updated_at,
  results_visibility, closed_at) on public.consultations to anon;

revoke select on public.events from anon;
grant select (id, consultation_id, territory_id, code, title, description, starts_at, duration_minutes, venue_name,
  address, latitude, longitude, audience, capacity, accessible, accessibility_notes, online_url, registration_enabled,
  cancelled_at, cancel_reason, created_at, updated_at) on public.events to anon;

revoke select on public.contributions from anon;
grant select (id, consultation_id, territory_id, event_id, participant_id, kind, body, themes, source, status,
  held_reason, created_at, updated_at) on public.contributions to anon;
