-- Syntheses of a consultation: a draft (narrative and follow-up) for staff of the territory, published
-- versions frozen for everyone, and the aggregate figures behind them.
--
-- The current figures are computed here by security definer functions, because reactions, votes and
-- profiles are readable by no role in aggregate under RLS. They answer staff of the territory only
-- (private.can_read_synthesis_figures): what the public reads is the frozen snapshot in
-- synthesis_versions. They return counts only, never a participant id; profile counts are raw and
-- staff-only, the app suppresses cells under 5 (app/synthesis.ts MIN_CELL) before any figure is shown
-- or published.
--
-- Definitions (app/models/synthesis.server.ts relies on them; tests/db/synthesis.test.ts recounts them):
-- - participants: distinct participants who wrote a contribution (any status), reacted (to any
--   contribution) or voted in the consultation, leaving out those blocked in it (participant_blocks);
-- - contributions online / paper: visible contributions by source (a blocked author's visible ones count);
--   hidden: held + hidden contributions;
-- - reactions: rows in reactions (current value: a changed reaction counts once) on the consultation's
--   visible contributions, leaving out blocked participants; agree/disagree/pass per contribution likewise;
-- - votes: rows in votes (one per participant and use; a changed vote counts once), not from blocked
--   participants; voters: distinct participants among them;
-- - events held: events of the consultation not cancelled whose start is past;
-- - per event: participants who wrote or voted there (reactions carry no event), visible contributions
--   typed or posted there, votes cast there; cancelled events only when something happened there;
-- - over time: contributions (visible), reactions and votes as above, by the ISO week (Monday, Paris
--   time) they were first made;
-- - themes: visible contributions of a kind carrying a theme, and all visible contributions of that kind;
-- - most shared / most divisive: visible contributions with agree + disagree >= min_reactions,
--   ranked by agree / (agree + disagree) desc, agree desc (shared), or by
--   least(agree, disagree) / (agree + disagree) desc, agree + disagree desc (divisive, leaving out the
--   shared ones); top 5 each, ties broken by creation then id;
-- - national: the same figures pooled over the OTHER territories' consultations that are not drafts,
--   with the number of territories that have data (the app shows nothing below 3).

-- Drafts ---------------------------------------------------------------------------------------------

create table public.syntheses (
  consultation_id uuid primary key,
  territory_id uuid not null,
  narrative text not null default '' check (length(narrative) <= 20000),
  follow_up text not null default '' check (length(follow_up) <= 10000),
  updated_by text,
  updated_at timestamptz not null default now(),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade
);
create index syntheses_territory_idx on public.syntheses (territory_id);

alter table public.syntheses enable row level security;
revoke all on public.syntheses from anon, authenticated;
-- Visitors may ask; with no policy for them they see no rows.
grant select on public.syntheses to anon, authenticated;
grant insert (consultation_id, territory_id, narrative, follow_up, updated_by),
  update (narrative, follow_up, updated_by, updated_at) on public.syntheses to authenticated;

-- The author is who is signed in, not what the form says.
create function private.before_synthesis() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_by := coalesce(private.current_email(), new.updated_by);
  new.updated_at := now();
  return new;
end
$$;

create trigger syntheses_before before insert or update on public.syntheses
  for each row execute function private.before_synthesis();

-- Published versions: immutable ----------------------------------------------------------------------

create table public.synthesis_versions (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null,
  territory_id uuid not null,
  version integer not null check (version >= 1),
  -- The SynthesisFigures object (app/synthesis.ts) as computed at publication.
  figures jsonb not null check (jsonb_typeof(figures) = 'object'),
  narrative text not null default '',
  follow_up text not null default '',
  published_by text not null,
  published_at timestamptz not null default now(),
  unique (consultation_id, version),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade
);
create index synthesis_versions_territory_idx on public.synthesis_versions (territory_id);

alter table public.synthesis_versions enable row level security;
revoke all on public.synthesis_versions from anon, authenticated;
-- Who published (a staff email) is not for the public API.
grant select (id, consultation_id, territory_id, version, figures, narrative, follow_up, published_at) on public.synthesis_versions to anon;
grant select on public.synthesis_versions to authenticated;

-- Like a published charter, not even the table's owner changes it (the charter migration's trigger).
create trigger synthesis_versions_immutable before update or delete on public.synthesis_versions
  for each row execute function private.published_version_immutable();

-- Access ---------------------------------------------------------------------------------------------

-- Current figures: staff of the territory (members and national admins) only.
create function private.can_read_synthesis_figures(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.consultations c where c.id = consultation and private.is_territory_staff(c.territory_id)
  )
$$;

-- Reaction counts behind a figure: staff, or everyone once a synthesis of the consultation is published.
create function private.can_read_synthesis_counts(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.can_read_synthesis_figures(consultation)
    or exists (
      select 1 from public.synthesis_versions v join public.consultations c on c.id = v.consultation_id
      where v.consultation_id = consultation and c.status in ('closed', 'published'))
$$;

-- Facilitators and officials of the territory publish: the figures the app computed, with the current
-- draft's narrative and follow-up, as the next version.
create function private.publish_synthesis(consultation uuid, figures jsonb) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c record;
  d record;
  next_version integer;
begin
  select id, territory_id, status into c from public.consultations where id = consultation for update;
  if not found or not private.is_member(c.territory_id) then
    raise exception 'only staff of the territory publish its synthesis' using errcode = 'P0001', hint = 'not_staff';
  end if;
  -- Only once voting is closed: an interim synthesis would make public what the consultation holds
  -- back while open (results after closing, reaction counts before one has reacted).
  if c.status not in ('closed', 'published') then
    raise exception 'a synthesis is published once the consultation is closed' using errcode = 'P0001', hint = 'consultation_open';
  end if;
  if jsonb_typeof(figures) is distinct from 'object' or figures #>> '{consultation,id}' is distinct from consultation::text then
    raise exception 'figures of another consultation' using errcode = 'P0001', hint = 'invalid_figures';
  end if;
  select s.narrative, s.follow_up into d from public.syntheses s where s.consultation_id = consultation;
  -- A double submit (same text, same figures) gives back the version it already made.
  select v.version into next_version from public.synthesis_versions v
  where v.consultation_id = consultation
    and v.version = (select max(w.version) from public.synthesis_versions w where w.consultation_id = consultation)
    and (v.figures - 'generatedAt') = (publish_synthesis.figures - 'generatedAt')
    and v.narrative = coalesce(d.narrative, '') and v.follow_up = coalesce(d.follow_up, '');
  if found then
    return next_version;
  end if;
  select coalesce(max(v.version), 0) + 1 into next_version from public.synthesis_versions v where v.consultation_id = consultation;
  insert into public.synthesis_versions (consultation_id, territory_id, version, figures, narrative, follow_up, published_by)
  values (consultation, c.territory_id, next_version, figures, coalesce(d.narrative, ''), coalesce(d.follow_up, ''),
    coalesce(private.current_email(), 'unknown'));
  return next_version;
end
$$;

-- The people of a consultation (internal: not granted to any role). private.synthesis_figures counts
-- the same set from the rows it has already read.
create function private.synthesis_people(consultation uuid) returns table (participant_id uuid)
language sql stable security definer
set search_path = ''
as $$
  select p.participant_id from (
    select c.participant_id from public.contributions c
    where c.consultation_id = consultation and c.participant_id is not null
    union
    select r.participant_id from public.reactions r
    join public.contributions c on c.id = r.contribution_id where c.consultation_id = consultation
    union
    select v.participant_id from public.votes v where v.consultation_id = consultation
  ) p
  where p.participant_id not in (select b.participant_id from public.participant_blocks b where b.consultation_id = consultation)
$$;

-- Current figures (staff of the territory) ------------------------------------------------------------

-- Participation, per event, over time, profile answers and the quoted contributions, in one query
-- (issue 7: the staff page under 300 ms for 5,000 participants and 50,000 reactions). The
-- consultation's contributions, reactions and votes are each read once into a materialised CTE, and
-- every figure is an aggregate over those: one function per figure read the reactions five times over.
-- One jsonb object, keyed as the functions below name their columns; null for anyone but staff of the
-- territory. Profile counts are raw (see below).
create function private.synthesis_figures(consultation uuid, min_reactions integer) returns jsonb
language sql stable security definer
set search_path = ''
-- The materialised reactions, and the sorts the planner picks when it has no statistics yet (a
-- handful of rows expected), stay in memory: at the default 4 MB, 50,000 reactions spill to disk.
set work_mem = '32MB'
as $$
  with blocked as materialized (
    select b.participant_id from public.participant_blocks b where b.consultation_id = consultation
  ),
  written as materialized (
    select c.id, c.event_id, c.participant_id, c.status, c.source, c.created_at
    from public.contributions c where c.consultation_id = consultation
  ),
  -- The reactions and votes, read once each, with what the figures need: whether a row is counted
  -- (reactions: on a visible contribution; both: not from a blocked participant) and its hour (see
  -- over time).
  reacted as materialized (
    select r.contribution_id, r.participant_id, r.value,
      c.status = 'visible' and r.participant_id not in (select b.participant_id from blocked b) as counted,
      floor(date_part('epoch', r.created_at) / 3600) as hour
    from public.contributions c join public.reactions r on r.contribution_id = c.id
    where c.consultation_id = consultation
  ),
  voted as materialized (
    select v.participant_id, v.event_id, v.participant_id not in (select b.participant_id from blocked b) as counted,
      floor(date_part('epoch', v.created_at) / 3600) as hour
    from public.votes v where v.consultation_id = consultation
  ),
  -- private.synthesis_people, from the rows above.
  people as materialized (
    select p.participant_id from (
      select w.participant_id from written w where w.participant_id is not null
      union
      select r.participant_id from reacted r
      union
      select v.participant_id from voted v
    ) p
    where p.participant_id not in (select b.participant_id from blocked b)
  ),
  -- Counted reactions per contribution (only those with one).
  counted as materialized (
    select r.contribution_id as id,
      count(*) filter (where r.value = 'agree')::integer as agree,
      count(*) filter (where r.value = 'disagree')::integer as disagree,
      count(*) filter (where r.value = 'pass')::integer as pass
    from reacted r where r.counted group by r.contribution_id
  ),
  events as materialized (
    select e.id, e.code, e.title, e.starts_at, e.cancelled_at from public.events e where e.consultation_id = consultation
  ),
  -- Per event: participants who wrote or voted there, visible contributions typed or posted there,
  -- votes cast there.
  event_people as (
    select p.event_id, count(*)::integer as n from (
      select w.event_id, w.participant_id from written w where w.event_id is not null and w.participant_id is not null
      union
      select v.event_id, v.participant_id from voted v where v.event_id is not null
    ) p
    where p.participant_id not in (select b.participant_id from blocked b)
    group by p.event_id
  ),
  event_contributions as (
    select c.event_id, count(*)::integer as n from public.contributions c
    where c.event_id in (select e.id from events e) and c.status = 'visible'
    group by c.event_id
  ),
  event_votes as (
    select v.event_id, count(*)::integer as n from voted v where v.counted and v.event_id is not null group by v.event_id
  ),
  per_event as (
    select e.id, e.code, e.title, e.starts_at, e.cancelled_at,
      coalesce(p.n, 0) as participants, coalesce(c.n, 0) as contributions, coalesce(v.n, 0) as votes
    from events e
    left join event_people p on p.event_id = e.id
    left join event_contributions c on c.event_id = e.id
    left join event_votes v on v.event_id = e.id
  ),
  -- Over time: by the ISO week (Monday, Paris time) of the first write. Rows are first counted by UTC
  -- hour (arithmetic only): Paris changes its offset on the hour, by whole hours, so an hour lies in
  -- one Paris week, and only the hours go through the time zone.
  hours as (
    select floor(date_part('epoch', w.created_at) / 3600) as hour, count(*) as contributions, 0 as reactions, 0 as votes
    from written w where w.status = 'visible' group by 1
    union all
    select r.hour, 0, count(*), 0 from reacted r where r.counted group by r.hour
    union all
    select v.hour, 0, 0, count(*) from voted v where v.counted group by v.hour
  ),
  weeks as (
    select date_trunc('week', to_timestamp(h.hour * 3600) at time zone 'Europe/Paris')::date as week,
      sum(h.contributions)::integer as contributions, sum(h.reactions)::integer as reactions, sum(h.votes)::integer as votes
    from hours h group by 1
  ),
  -- Profile answers of the participants, per answered value (no "not answered" row).
  answers as materialized (
    select pp.age_bracket, pp.ai_use, pp.commune_code
    from people p join public.participant_profiles pp on pp.participant_id = p.participant_id
  ),
  profile_counts as (
    select 'age' as dimension, a.age_bracket as value, count(*)::integer as participants
    from answers a where a.age_bracket is not null group by 2
    union all
    select 'ai_use', a.ai_use, count(*)::integer from answers a where a.ai_use is not null group by 2
    union all
    select 'commune', a.commune_code, count(*)::integer from answers a where a.commune_code is not null group by 2
  ),
  -- The most shared and most divisive visible contributions (see the definitions above).
  candidates as materialized (
    select k.*, w.created_at from counted k join written w on w.id = k.id where k.agree + k.disagree >= min_reactions
  ),
  shared as (
    select k.*, row_number() over (
      order by k.agree::numeric / (k.agree + k.disagree) desc, k.agree desc, k.created_at, k.id)::integer as n
    -- "Most shared" means more people agree than disagree; a rejected text is never shown as shared.
    from candidates k where k.agree > k.disagree
  ),
  top_shared as materialized (select s.* from shared s where s.n <= 5),
  divisive as (
    select k.*, row_number() over (
      order by least(k.agree, k.disagree)::numeric / (k.agree + k.disagree) desc, k.agree + k.disagree desc,
        k.created_at, k.id)::integer as n
    from candidates k where k.id not in (select s.id from top_shared s)
  ),
  quoted as (
    select 'shared' as list, s.n as rank, s.id, s.agree, s.disagree, s.pass from top_shared s
    union all
    select 'divisive', d.n, d.id, d.agree, d.disagree, d.pass from divisive d where d.n <= 5
  )
  select jsonb_build_object(
    'participation', jsonb_build_object(
      'events_held', (select count(*) from events e where e.cancelled_at is null and e.starts_at < now())::integer,
      'participants', (select count(*) from people)::integer,
      'contributions_online', (select count(*) from written w where w.status = 'visible' and w.source = 'online')::integer,
      'contributions_paper', (select count(*) from written w where w.status = 'visible' and w.source = 'paper')::integer,
      'contributions_hidden', (select count(*) from written w where w.status in ('held', 'hidden'))::integer,
      'reactions', (select coalesce(sum(k.agree + k.disagree + k.pass), 0) from counted k)::integer,
      'votes', (select count(*) from voted v where v.counted)::integer,
      'voters', (select count(*) from (select distinct v.participant_id from voted v where v.counted) d)::integer
    ),
    -- Cancelled events only when something happened there.
    'per_event', coalesce((
      select jsonb_agg(jsonb_build_object('event_id', e.id, 'code', e.code, 'title', e.title, 'starts_at', e.starts_at,
          'participants', e.participants, 'contributions', e.contributions, 'votes', e.votes) order by e.starts_at, e.code)
      from per_event e where e.cancelled_at is null or e.participants + e.contributions + e.votes > 0
    ), '[]'),
    'over_time', coalesce((
      select jsonb_agg(jsonb_build_object('week', w.week, 'contributions', w.contributions, 'reactions', w.reactions, 'votes', w.votes)
        order by w.week)
      from weeks w
    ), '[]'),
    'profile_counts', coalesce((
      select jsonb_agg(jsonb_build_object('dimension', p.dimension, 'value', p.value, 'participants', p.participants)
        order by p.dimension, p.value)
      from profile_counts p
    ), '[]'),
    'quoted', coalesce((
      select jsonb_agg(jsonb_build_object('list', q.list, 'rank', q.rank, 'id', q.id, 'kind', c.kind, 'body', c.body,
          'themes', c.themes, 'source', c.source, 'agree', q.agree, 'disagree', q.disagree, 'pass', q.pass)
        order by q.list desc, q.rank)
      from quoted q join public.contributions c on c.id = q.id
    ), '[]')
  )
  where private.can_read_synthesis_figures(consultation)
$$;

-- Each part of the figures on its own, in rows (the app reads private.synthesis_figures whole).

create function private.synthesis_participation(consultation uuid)
returns table (
  events_held integer, participants integer, contributions_online integer, contributions_paper integer,
  contributions_hidden integer, reactions integer, votes integer, voters integer
)
language sql stable security definer
set search_path = ''
as $$
  select x.* from private.synthesis_figures(consultation, 1) as f (figures)
  cross join lateral jsonb_to_record(f.figures -> 'participation') as x (
    events_held integer, participants integer, contributions_online integer, contributions_paper integer,
    contributions_hidden integer, reactions integer, votes integer, voters integer
  )
  where f.figures is not null
$$;

create function private.synthesis_per_event(consultation uuid)
returns table (event_id uuid, code text, title text, starts_at timestamptz, participants integer, contributions integer, votes integer)
language sql stable security definer
set search_path = ''
as $$
  select x.* from private.synthesis_figures(consultation, 1) as f (figures)
  cross join lateral jsonb_to_recordset(f.figures -> 'per_event') as x (
    event_id uuid, code text, title text, starts_at timestamptz, participants integer, contributions integer, votes integer
  )
  order by x.starts_at, x.code
$$;

create function private.synthesis_over_time(consultation uuid)
returns table (week date, contributions integer, reactions integer, votes integer)
language sql stable security definer
set search_path = ''
as $$
  select x.* from private.synthesis_figures(consultation, 1) as f (figures)
  cross join lateral jsonb_to_recordset(f.figures -> 'over_time') as x (week date, contributions integer, reactions integer, votes integer)
  order by x.week
$$;

-- Raw counts, for staff only: the app suppresses small cells before showing or publishing them.
create function private.synthesis_profile_counts(consultation uuid)
returns table (dimension text, value text, participants integer)
language sql stable security definer
set search_path = ''
as $$
  select x.* from private.synthesis_figures(consultation, 1) as f (figures)
  cross join lateral jsonb_to_recordset(f.figures -> 'profile_counts') as x (dimension text, value text, participants integer)
$$;

create function private.synthesis_quoted(consultation uuid, min_reactions integer)
returns table (
  list text, rank integer, id uuid, kind text, body text, themes text[], source text,
  agree integer, disagree integer, pass integer
)
language sql stable security definer
set search_path = ''
as $$
  select x.* from private.synthesis_figures(consultation, min_reactions) as f (figures)
  cross join lateral jsonb_to_recordset(f.figures -> 'quoted') as x (
    list text, rank integer, id uuid, kind text, body text, themes text[], source text, agree integer, disagree integer, pass integer
  )
  order by x.list desc, x.rank
$$;

create function private.synthesis_theme_counts(consultation uuid)
returns table (kind text, theme text, contributions integer, kind_total integer)
language sql stable security definer
set search_path = ''
as $$
  with shown as (
    select c.kind, c.themes from public.contributions c
    where c.consultation_id = consultation and c.status = 'visible'
      and private.can_read_synthesis_figures(consultation)
  ),
  totals as (select s.kind, count(*)::integer as n from shown s group by s.kind)
  select s.kind, t.theme, count(*)::integer, max(k.n)
  from shown s cross join lateral unnest(s.themes) as t(theme) join totals k on k.kind = s.kind
  group by s.kind, t.theme
$$;

-- National comparison: the other territories' non-draft consultations, pooled -------------------------

create function private.synthesis_national_participation(consultation uuid)
returns table (per_thousand_territories integer, per_thousand numeric, per_participant_territories integer, contributions_per_participant numeric)
language sql stable security definer
set search_path = ''
as $$
  with others as materialized (
    select c.id, c.territory_id from public.consultations c
    where c.status <> 'draft'
      and c.territory_id <> (select x.territory_id from public.consultations x where x.id = consultation)
      and private.can_read_synthesis_figures(consultation)
  ),
  -- Materialised: each consultation's people are worked out once, not once per territory.
  people as materialized (
    select o.territory_id, p.participant_id
    from others o cross join lateral private.synthesis_people(o.id) p
  ),
  participants as (
    select p.territory_id, count(distinct p.participant_id) as n from people p group by p.territory_id
  ),
  contributions as (
    select o.territory_id, count(*) as n from public.contributions c join others o on o.id = c.consultation_id
    where c.status = 'visible' group by o.territory_id
  ),
  per_territory as (
    select t.id, t.population, coalesce(p.n, 0)::bigint as participants, coalesce(k.n, 0)::bigint as contributions
    from public.territories t
    left join participants p on p.territory_id = t.id
    left join contributions k on k.territory_id = t.id
    where t.id in (select o.territory_id from others o)
  )
  select
    (count(*) filter (where participants > 0 and population > 0))::integer,
    round(sum(participants) filter (where participants > 0 and population > 0) * 1000.0
      / nullif(sum(population) filter (where participants > 0 and population > 0), 0), 1),
    (count(*) filter (where participants > 0))::integer,
    round(sum(contributions) filter (where participants > 0) * 1.0 / nullif(sum(participants) filter (where participants > 0), 0), 2)
  from per_territory
  having private.can_read_synthesis_figures(consultation)
$$;

-- Per kind and theme: the % of the other territories' visible contributions of that kind carrying the
-- theme, and how many territories have visible contributions of that kind.
create function private.synthesis_national_themes(consultation uuid)
returns table (kind text, theme text, territories integer, share numeric)
language sql stable security definer
set search_path = ''
as $$
  with shown as (
    select c.territory_id, c.kind, c.themes from public.contributions c
    join public.consultations k on k.id = c.consultation_id
    where c.status = 'visible' and k.status <> 'draft'
      and k.territory_id <> (select x.territory_id from public.consultations x where x.id = consultation)
      and private.can_read_synthesis_figures(consultation)
  ),
  totals as (
    select s.kind, count(*) as n, count(distinct s.territory_id)::integer as territories from shown s group by s.kind
  ),
  per_theme as (
    select s.kind, t.theme, count(*) as n from shown s cross join lateral unnest(s.themes) as t(theme) group by 1, 2
  )
  select k.kind, t.theme, k.territories, round(coalesce(p.n, 0) * 100.0 / k.n, 1)
  from totals k
  cross join unnest(array['jobs', 'environment', 'privacy', 'surveillance', 'bias', 'transparency', 'inclusion',
    'human_oversight', 'democracy', 'sovereignty', 'service_quality', 'efficiency']) as t(theme)
  left join per_theme p on p.kind = k.kind and p.theme = t.theme
$$;

-- Reactions behind a figure: counts per visible contribution (blocked left out), for staff or once a
-- synthesis is published.
create function private.synthesis_reaction_counts(consultation uuid, contribution_ids uuid[])
returns table (contribution_id uuid, agree integer, disagree integer, pass integer)
language sql stable security definer
set search_path = ''
as $$
  select c.id,
    count(r.value) filter (where r.value = 'agree')::integer,
    count(r.value) filter (where r.value = 'disagree')::integer,
    count(r.value) filter (where r.value = 'pass')::integer
  from public.contributions c
  left join public.reactions r on r.contribution_id = c.id and not exists (select 1 from public.participant_blocks b where b.consultation_id = consultation and b.participant_id = r.participant_id)
  where c.consultation_id = consultation and c.status = 'visible' and c.id = any (contribution_ids)
    and private.can_read_synthesis_counts(consultation)
  group by c.id
$$;

revoke all on function private.before_synthesis(),
  private.can_read_synthesis_figures(uuid), private.can_read_synthesis_counts(uuid), private.publish_synthesis(uuid, jsonb),
  private.synthesis_people(uuid), private.synthesis_figures(uuid, integer), private.synthesis_participation(uuid),
  private.synthesis_per_event(uuid), private.synthesis_over_time(uuid), private.synthesis_profile_counts(uuid),
  private.synthesis_theme_counts(uuid), private.synthesis_quoted(uuid, integer), private.synthesis_national_participation(uuid),
  private.synthesis_national_themes(uuid), private.synthesis_reaction_counts(uuid, uuid[]) from public;
grant execute on function private.can_read_synthesis_figures(uuid), private.can_read_synthesis_counts(uuid),
  private.publish_synthesis(uuid, jsonb), private.synthesis_figures(uuid, integer), private.synthesis_participation(uuid),
  private.synthesis_per_event(uuid), private.synthesis_over_time(uuid), private.synthesis_profile_counts(uuid), private.synthesis_theme_counts(uuid),
  private.synthesis_quoted(uuid, integer), private.synthesis_national_participation(uuid),
  private.synthesis_national_themes(uuid), private.synthesis_reaction_counts(uuid, uuid[])
  to anon, authenticated, service_role;

-- Policies --------------------------------------------------------------------------------------------

create policy "Staff of the territory read its synthesis drafts" on public.syntheses
  for select to authenticated using (private.is_territory_staff(territory_id));
create policy "Staff of the territory start a synthesis draft" on public.syntheses
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory edit its synthesis drafts" on public.syntheses
  for update to authenticated
  using (private.is_territory_staff(territory_id)) with check (private.is_territory_staff(territory_id));

create policy "Everyone reads published syntheses" on public.synthesis_versions
  for select to anon, authenticated using (true);
