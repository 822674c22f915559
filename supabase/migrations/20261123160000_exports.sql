-- Exports of a consultation (docs/exports.md). Reactions, per-event voters and profiles are readable
-- by no role in aggregate under RLS, so these security definer functions compute what may be
-- published, behind one access rule: staff of the territory while the consultation is open, everyone
-- once it is closed or published, nobody for a draft. Participants leave the database only as
-- per-consultation numbers (0, 1, 2… by first participation), never as their id (their cookie's key).

create function private.can_export(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.consultations c
    where c.id = consultation
      and (c.status in ('closed', 'published') or (c.status = 'open' and private.is_territory_staff(c.territory_id)))
  )
$$;

-- Staff of the territory also get held and hidden contributions, with their status.
create function private.export_sees_all(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.consultations c where c.id = consultation and private.is_territory_staff(c.territory_id)
  )
$$;

-- Every participant who wrote or reacted, numbered by first participation (as Pol.is numbers its
-- participants). Numbered over everyone, so public and staff exports give a person the same number.
create function private.export_pseudonyms(consultation uuid)
returns table (participant_id uuid, pseudonym integer)
language sql stable security definer
set search_path = ''
as $$
  select p.participant_id, (row_number() over (order by min(p.at), p.participant_id) - 1)::integer
  from (
    select c.participant_id, c.created_at as at from public.contributions c
    where c.consultation_id = consultation and c.participant_id is not null
    union all
    select r.participant_id, r.created_at from public.reactions r
    join public.contributions c on c.id = r.contribution_id
    where c.consultation_id = consultation
  ) p
  group by p.participant_id
$$;

-- The contributions the caller may export, numbered 0, 1, 2… by creation over all of them (so a
-- contribution keeps its number whoever exports). Counts leave out blocked participants.
create function private.export_contributions(consultation uuid)
returns table (
  comment_id integer, author_id integer, kind text, body text, themes text[], source text, status text,
  event_code text, created_at timestamptz, agree integer, disagree integer, pass integer
)
language sql stable security definer
set search_path = ''
as $$
  with numbered as (
    select c.*, (row_number() over (order by c.created_at, c.id) - 1)::integer as n
    from public.contributions c where c.consultation_id = consultation
  ),
  counts as (
    select r.contribution_id,
      count(*) filter (where r.value = 'agree')::integer as agree,
      count(*) filter (where r.value = 'disagree')::integer as disagree,
      count(*) filter (where r.value = 'pass')::integer as pass
    from public.reactions r join numbered c on c.id = r.contribution_id
    where not private.is_blocked(consultation, r.participant_id)
    group by r.contribution_id
  )
  select c.n, p.pseudonym, c.kind, c.body, c.themes, c.source, c.status, e.code, c.created_at,
    coalesce(k.agree, 0), coalesce(k.disagree, 0), coalesce(k.pass, 0)
  from numbered c
  left join private.export_pseudonyms(consultation) p on p.participant_id = c.participant_id
  left join public.events e on e.id = c.event_id
  left join counts k on k.contribution_id = c.id
  where private.can_export(consultation) and (c.status = 'visible' or private.export_sees_all(consultation))
  order by c.n
$$;

-- Reactions (Pol.is "votes") on the exported contributions, current value only, blocked left out.
create function private.export_reactions(consultation uuid)
returns table (comment_id integer, voter_id integer, value text, reacted_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  with numbered as (
    select c.id, c.status, (row_number() over (order by c.created_at, c.id) - 1)::integer as n
    from public.contributions c where c.consultation_id = consultation
  )
  select c.n, p.pseudonym, r.value, r.updated_at
  from public.reactions r
  join numbered c on c.id = r.contribution_id
  join private.export_pseudonyms(consultation) p on p.participant_id = r.participant_id
  where private.can_export(consultation) and (c.status = 'visible' or private.export_sees_all(consultation))
    and not private.is_blocked(consultation, r.participant_id)
  order by c.n, r.updated_at, p.pseudonym
$$;

-- Participation per event (null code: online without an event). Counts only.
create function private.export_participation(consultation uuid)
returns table (
  event_code text, event_title text, starts_at timestamptz, cancelled boolean,
  contributions_online integer, contributions_paper integer, contributors integer, votes integer, voters integer
)
language sql stable security definer
set search_path = ''
as $$
  with places as (
    select e.id, e.code, e.title, e.starts_at, e.cancelled_at is not null as cancelled
    from public.events e where e.consultation_id = consultation
    union all
    select null, null, null, null, false
  ),
  shown as (
    select c.* from public.contributions c
    where c.consultation_id = consultation and (c.status = 'visible' or private.export_sees_all(consultation))
  ),
  counted_votes as (
    select v.* from public.votes v
    where v.consultation_id = consultation and not private.is_blocked(consultation, v.participant_id)
  )
  select p.code, p.title, p.starts_at, p.cancelled,
    (select count(*) from shown c where c.event_id is not distinct from p.id and c.source = 'online')::integer,
    (select count(*) from shown c where c.event_id is not distinct from p.id and c.source = 'paper')::integer,
    (select count(distinct c.participant_id) from shown c where c.event_id is not distinct from p.id)::integer,
    (select count(*) from counted_votes v where v.event_id is not distinct from p.id)::integer,
    (select count(distinct v.participant_id) from counted_votes v where v.event_id is not distinct from p.id)::integer
  from places p
  where private.can_export(consultation)
  order by p.starts_at nulls last, p.code
$$;

-- Profile answers of the people who took part (wrote, reacted or voted; blocked left out), counted
-- per answer. Raw counts: the app suppresses small cells before anything is written out.
create function private.export_profile_counts(consultation uuid)
returns table (dimension text, value text, participants integer)
language sql stable security definer
set search_path = ''
as $$
  with people as (
    select c.participant_id from public.contributions c
    where c.consultation_id = consultation and c.participant_id is not null
    union
    select r.participant_id from public.reactions r
    join public.contributions c on c.id = r.contribution_id where c.consultation_id = consultation
    union
    select v.participant_id from public.votes v where v.consultation_id = consultation
  ),
  counted as (
    select pp.age_bracket, pp.ai_use from people p
    left join public.participant_profiles pp on pp.participant_id = p.participant_id
    where not private.is_blocked(consultation, p.participant_id)
  )
  select 'age_bracket', coalesce(age_bracket, 'not_answered'), count(*)::integer from counted
  where private.can_export(consultation) group by 2
  union all
  select 'ai_use', coalesce(ai_use, 'not_answered'), count(*)::integer from counted
  where private.can_export(consultation) group by 2
$$;

revoke all on function private.can_export(uuid), private.export_sees_all(uuid), private.export_pseudonyms(uuid),
  private.export_contributions(uuid), private.export_reactions(uuid), private.export_participation(uuid),
  private.export_profile_counts(uuid) from public;
grant execute on function private.can_export(uuid), private.export_sees_all(uuid), private.export_contributions(uuid),
  private.export_reactions(uuid), private.export_participation(uuid), private.export_profile_counts(uuid)
  to anon, authenticated, service_role;
