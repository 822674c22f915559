-- Live Café IA: the session a facilitator runs during an event (phases the phones follow), phase
-- gating of what participants post, notifications for the live screens, and the public figures the
-- projector and phones show.
--
-- Notifications: pg_notify('cafe_live', '{"e": "<event id>", "k": "<kind>"}') with kind 'phase' (the
-- session changed), 'contribution', 'reaction' or 'vote', only for events whose session is running.
-- Postgres delivers them at commit (a rolled-back change announces nothing) and folds identical ones
-- sent by one transaction into one. Listeners re-read the snapshot; the session's version lets a
-- client ignore an older answer that arrives late.

-- The session -----------------------------------------------------------------------------------

-- A session names its event's consultation and territory, as the event does (policies need them).
alter table public.events add constraint events_place_key unique (id, consultation_id, territory_id);

create table public.live_sessions (
  event_id uuid primary key,
  consultation_id uuid not null,
  territory_id uuid not null,
  phase text not null default 'welcome' check (phase in ('welcome', 'contributions', 'reactions', 'votes', 'wrapup')),
  phase_open boolean not null default false,
  started_at timestamptz not null default now(),
  started_by text,
  -- Null while the session runs.
  ended_at timestamptz,
  updated_at timestamptz not null default now(),
  -- Set by the database: 1 at the start, one more at every change.
  version integer not null default 1,
  foreign key (event_id, consultation_id, territory_id)
    references public.events (id, consultation_id, territory_id) on delete cascade
);
create index live_sessions_consultation_idx on public.live_sessions (consultation_id);
create index live_sessions_territory_idx on public.live_sessions (territory_id);

alter table public.live_sessions enable row level security;
revoke all on public.live_sessions from anon, authenticated;
-- Who started it (a staff email) is not for the public API: anonymous visitors get the other columns.
grant select (event_id, consultation_id, territory_id, phase, phase_open, started_at, ended_at, updated_at, version)
  on public.live_sessions to anon;
grant select on public.live_sessions to authenticated;
grant insert (event_id, consultation_id, territory_id, phase, phase_open, started_by),
  update (phase, phase_open, ended_at) on public.live_sessions to authenticated;

-- An event's votes (its deletion, private.recount_live) and its latest visible contributions (the
-- projector: the index matches the snapshot's order, so it reads only the rows it shows).
create index votes_event_idx on public.votes (event_id, ai_use_id);
create index contributions_event_visible_idx on public.contributions (event_id, created_at desc, id desc) where status = 'visible';

-- Helpers -----------------------------------------------------------------------------------------

-- Whether a participant may act at this event now: yes when no session runs (none, or ended);
-- otherwise only while one of `phases` is the current phase and it is open.
create function private.live_phase_allows(event uuid, phases text[]) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select not exists (
    select 1 from public.live_sessions s
    where s.event_id = event and s.ended_at is null and not (s.phase_open and s.phase = any (phases))
  )
$$;

-- Tells the live screens of a running session that something changed (delivered at commit).
create function private.live_notify(event uuid, kind text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if event is not null and exists (select 1 from public.live_sessions s where s.event_id = event and s.ended_at is null) then
    perform pg_notify('cafe_live', jsonb_build_object('e', event, 'k', kind)::text);
  end if;
end
$$;

create function private.before_live_session() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.started_at := now();
    new.started_by := coalesce(private.current_email(), new.started_by);
    new.ended_at := null;
    new.version := 1;
  else
    if old.ended_at is not null and new.ended_at is not null then
      raise exception 'live session ended' using errcode = 'P0001', hint = 'session_ended';
    end if;
    new.event_id := old.event_id;
    new.consultation_id := old.consultation_id;
    new.territory_id := old.territory_id;
    new.started_at := old.started_at;
    new.started_by := old.started_by;
    new.version := old.version + 1;
  end if;
  new.updated_at := now();
  return new;
end
$$;

create trigger live_sessions_before before insert or update on public.live_sessions
  for each row execute function private.before_live_session();

create function private.after_live_session() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Always, the end included: phones must learn that the session stopped.
  perform pg_notify('cafe_live', jsonb_build_object('e', new.event_id, 'k', 'phase')::text);
  return null;
end
$$;

create trigger live_sessions_notify after insert or update on public.live_sessions
  for each row execute function private.after_live_session();

-- Phase gating ------------------------------------------------------------------------------------
-- While an event's session runs, a participant posts there only in the open contributions phase,
-- reacts only in the open contributions or reactions phase, votes only in the open votes phase.
-- Paper contributions typed in by staff are never gated. Raised as P0001 with hint 'phase_closed'.

create function private.live_gate_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.live_phase_allows(new.event_id, array['contributions']) then
    raise exception 'phase closed' using errcode = 'P0001', hint = 'phase_closed';
  end if;
  return new;
end
$$;

create trigger contributions_live_phase before insert on public.contributions
  for each row when (new.source = 'online' and new.event_id is not null)
  execute function private.live_gate_contribution();

create function private.live_gate_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  event uuid;
begin
  select c.event_id into event from public.contributions c where c.id = new.contribution_id;
  if event is not null and not private.live_phase_allows(event, array['contributions', 'reactions']) then
    raise exception 'phase closed' using errcode = 'P0001', hint = 'phase_closed';
  end if;
  return new;
end
$$;

create trigger reactions_live_phase before insert or update on public.reactions
  for each row execute function private.live_gate_reaction();

create function private.live_gate_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.live_phase_allows(new.event_id, array['votes']) then
    raise exception 'phase closed' using errcode = 'P0001', hint = 'phase_closed';
  end if;
  return new;
end
$$;

create trigger votes_live_phase before insert or update on public.votes
  for each row when (new.event_id is not null)
  execute function private.live_gate_vote();

-- Live figures, kept by triggers --------------------------------------------------------------------
-- The snapshot runs several times a second per live event, so it reads a few summary rows instead of
-- counting thousands: per event and kind, the visible contributions (online and paper) and their theme
-- counts; per event and use, the votes of participants not blocked in the consultation (as the tallies);
-- the people who acted at the event (posted, reacted or voted; they stay counted if they withdraw
-- something, and leave with their data). One row per event and kind, and per event and use, so a
-- change locks one row of each (no lock-order deadlock between two phones). Kept for every event, with
-- or without a session, so a session started late shows the right figures.

create table private.live_event_contributions (
  event_id uuid not null references public.events (id) on delete cascade,
  kind text not null check (kind in ('hope', 'fear')),
  total integer not null default 0 check (total >= 0),
  jobs integer not null default 0 check (jobs >= 0),
  environment integer not null default 0 check (environment >= 0),
  privacy integer not null default 0 check (privacy >= 0),
  surveillance integer not null default 0 check (surveillance >= 0),
  bias integer not null default 0 check (bias >= 0),
  transparency integer not null default 0 check (transparency >= 0),
  inclusion integer not null default 0 check (inclusion >= 0),
  human_oversight integer not null default 0 check (human_oversight >= 0),
  democracy integer not null default 0 check (democracy >= 0),
  sovereignty integer not null default 0 check (sovereignty >= 0),
  service_quality integer not null default 0 check (service_quality >= 0),
  efficiency integer not null default 0 check (efficiency >= 0),
  primary key (event_id, kind)
);

create table private.live_event_votes (
  event_id uuid not null references public.events (id) on delete cascade,
  ai_use_id uuid not null,
  proscribe integer not null default 0 check (proscribe >= 0),
  conditional integer not null default 0 check (conditional >= 0),
  accept integer not null default 0 check (accept >= 0),
  unsure integer not null default 0 check (unsure >= 0),
  primary key (event_id, ai_use_id)
);

create table private.live_event_people (
  event_id uuid not null references public.events (id) on delete cascade,
  participant_id uuid not null references public.participants (id) on delete cascade,
  primary key (event_id, participant_id)
);
create index live_event_people_participant_idx on private.live_event_people (participant_id);

alter table private.live_event_contributions enable row level security;
alter table private.live_event_votes enable row level security;
alter table private.live_event_people enable row level security;
revoke all on private.live_event_contributions, private.live_event_votes, private.live_event_people from anon, authenticated;

-- Adds (sign 1) or takes out (sign -1) a visible contribution. Taking out never inserts: during a
-- cascade the event's rows may already be gone.
create function private.live_count_contribution(event uuid, contribution_kind text, contribution_themes text[], sign integer)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  d integer[] := array(
    select sign * (t = any (contribution_themes))::int
    from unnest(array['jobs', 'environment', 'privacy', 'surveillance', 'bias', 'transparency', 'inclusion',
      'human_oversight', 'democracy', 'sovereignty', 'service_quality', 'efficiency']) with ordinality x(t, i)
    order by i);
begin
  if sign < 0 then
    update private.live_event_contributions c set total = c.total + sign,
      jobs = c.jobs + d[1], environment = c.environment + d[2], privacy = c.privacy + d[3],
      surveillance = c.surveillance + d[4], bias = c.bias + d[5], transparency = c.transparency + d[6],
      inclusion = c.inclusion + d[7], human_oversight = c.human_oversight + d[8], democracy = c.democracy + d[9],
      sovereignty = c.sovereignty + d[10], service_quality = c.service_quality + d[11], efficiency = c.efficiency + d[12]
    where c.event_id = event and c.kind = contribution_kind;
  else
    insert into private.live_event_contributions as c (event_id, kind, total, jobs, environment, privacy, surveillance,
      bias, transparency, inclusion, human_oversight, democracy, sovereignty, service_quality, efficiency)
    values (event, contribution_kind, sign, d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12])
    on conflict (event_id, kind) do update set total = c.total + excluded.total,
      jobs = c.jobs + excluded.jobs, environment = c.environment + excluded.environment,
      privacy = c.privacy + excluded.privacy, surveillance = c.surveillance + excluded.surveillance,
      bias = c.bias + excluded.bias, transparency = c.transparency + excluded.transparency,
      inclusion = c.inclusion + excluded.inclusion, human_oversight = c.human_oversight + excluded.human_oversight,
      democracy = c.democracy + excluded.democracy, sovereignty = c.sovereignty + excluded.sovereignty,
      service_quality = c.service_quality + excluded.service_quality, efficiency = c.efficiency + excluded.efficiency;
  end if;
end
$$;

create function private.live_count_vote(event uuid, ai_use uuid, verdict text, sign integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if sign < 0 then
    update private.live_event_votes v set
      proscribe = v.proscribe + sign * (verdict = 'proscribe')::int,
      conditional = v.conditional + sign * (verdict = 'conditional')::int,
      accept = v.accept + sign * (verdict = 'accept')::int,
      unsure = v.unsure + sign * (verdict = 'unsure')::int
    where v.event_id = event and v.ai_use_id = ai_use;
  else
    insert into private.live_event_votes as v (event_id, ai_use_id, proscribe, conditional, accept, unsure)
    values (event, ai_use, sign * (verdict = 'proscribe')::int, sign * (verdict = 'conditional')::int,
      sign * (verdict = 'accept')::int, sign * (verdict = 'unsure')::int)
    on conflict (event_id, ai_use_id) do update set proscribe = v.proscribe + excluded.proscribe,
      conditional = v.conditional + excluded.conditional, accept = v.accept + excluded.accept,
      unsure = v.unsure + excluded.unsure;
  end if;
end
$$;

create function private.live_count_person(event uuid, participant uuid) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into private.live_event_people (event_id, participant_id) values (event, participant) on conflict do nothing
$$;

-- Counts and notifications -------------------------------------------------------------------------

-- Posted, edited, hidden or restored (moderation changes the status), deleted.
create function private.live_after_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.event_id is not null and new.participant_id is not null then
    perform private.live_count_person(new.event_id, new.participant_id);
  end if;
  if tg_op = 'UPDATE' and (old.event_id, old.status = 'visible', old.kind, old.themes)
      is not distinct from (new.event_id, new.status = 'visible', new.kind, new.themes) then
    null;
  else
    if tg_op in ('UPDATE', 'DELETE') and old.event_id is not null and old.status = 'visible' then
      perform private.live_count_contribution(old.event_id, old.kind, old.themes, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.event_id is not null and new.status = 'visible' then
      perform private.live_count_contribution(new.event_id, new.kind, new.themes, 1);
    end if;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.live_notify(old.event_id, 'contribution');
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.live_notify(new.event_id, 'contribution');
  end if;
  return null;
end
$$;

create trigger contributions_live after insert or update of status, body, themes, kind, event_id or delete
  on public.contributions
  for each row execute function private.live_after_contribution();

create function private.live_after_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  contribution uuid := case when tg_op = 'DELETE' then old.contribution_id else new.contribution_id end;
  event uuid := (select c.event_id from public.contributions c where c.id = contribution);
begin
  if event is not null then
    if tg_op = 'INSERT' then
      perform private.live_count_person(event, new.participant_id);
    end if;
    perform private.live_notify(event, 'reaction');
  end if;
  return null;
end
$$;

create trigger reactions_live after insert or update or delete on public.reactions
  for each row execute function private.live_after_reaction();

create function private.live_after_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (old.event_id, old.verdict) is not distinct from (new.event_id, new.verdict) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.event_id is not null then
    if not private.is_blocked(old.consultation_id, old.participant_id) then
      perform private.live_count_vote(old.event_id, old.ai_use_id, old.verdict, -1);
    end if;
    perform private.live_notify(old.event_id, 'vote');
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.event_id is not null then
    perform private.live_count_person(new.event_id, new.participant_id);
    if not private.is_blocked(new.consultation_id, new.participant_id) then
      perform private.live_count_vote(new.event_id, new.ai_use_id, new.verdict, 1);
    end if;
    perform private.live_notify(new.event_id, 'vote');
  end if;
  return null;
end
$$;

create trigger votes_live after insert or update or delete on public.votes
  for each row execute function private.live_after_vote();

-- Blocking an author takes their votes at events out of the figures; unblocking puts them back. A
-- cascade (the participant deleting their data, after their votes went; the consultation going)
-- has nothing to put back.
create function private.live_after_block() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  consultation uuid := case when tg_op = 'DELETE' then old.consultation_id else new.consultation_id end;
  participant uuid := case when tg_op = 'DELETE' then old.participant_id else new.participant_id end;
  sign integer := case when tg_op = 'DELETE' then 1 else -1 end;
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return null;
  end if;
  perform private.live_count_vote(v.event_id, v.ai_use_id, v.verdict, sign)
  from public.votes v
  where v.consultation_id = consultation and v.participant_id = participant and v.event_id is not null
  order by v.event_id, v.ai_use_id;
  perform private.live_notify(s.event_id, 'vote')
  from public.live_sessions s where s.consultation_id = consultation and s.ended_at is null;
  return null;
end
$$;

create trigger participant_blocks_live after insert or delete on public.participant_blocks
  for each row execute function private.live_after_block();

-- Rebuilds the figures of one event (or of all) from the raw rows: the backfill below, and a repair
-- if they were ever doubted. People who withdrew everything they did are no longer counted by it.
create function private.recount_live(event uuid default null) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  delete from private.live_event_contributions c where event is null or c.event_id = event;
  delete from private.live_event_votes v where event is null or v.event_id = event;
  delete from private.live_event_people p where event is null or p.event_id = event;
  insert into private.live_event_people (event_id, participant_id)
  select c.event_id, c.participant_id from public.contributions c
  where c.event_id is not null and (event is null or c.event_id = event) and c.participant_id is not null
  union
  select c.event_id, r.participant_id from public.reactions r join public.contributions c on c.id = r.contribution_id
  where c.event_id is not null and (event is null or c.event_id = event)
  union
  select v.event_id, v.participant_id from public.votes v where v.event_id is not null and (event is null or v.event_id = event);
  perform private.live_count_contribution(c.event_id, c.kind, c.themes, 1)
  from public.contributions c
  where c.event_id is not null and (event is null or c.event_id = event) and c.status = 'visible';
  perform private.live_count_vote(v.event_id, v.ai_use_id, v.verdict, 1)
  from public.votes v
  where v.event_id is not null and (event is null or v.event_id = event)
    and not private.is_blocked(v.consultation_id, v.participant_id);
end
$$;

select private.recount_live();

-- The public figures --------------------------------------------------------------------------------

-- Whether the room may see the vote bars: when anyone may read the results (the consultation closed,
-- private.can_read_tally's public case), or, with results shown "after voting", once the room has
-- voted (the votes phase closed, or the wrap-up). Otherwise the screens show how many votes each use
-- has, never their split.
create function private.live_results_shown(event uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e
    join public.consultations c on c.id = e.consultation_id
    left join public.live_sessions s on s.event_id = e.id
    where e.id = event and (
      c.status in ('closed', 'published')
      or (c.status = 'open' and c.results_visibility = 'after_vote'
          and (s.phase = 'wrapup' or (s.phase = 'votes' and not s.phase_open)))
    )
  )
$$;

-- What the phones and the projector show of an event, for anyone who may see the event: visible
-- contributions (hopes, fears) and their themes, votes per use (the split only when
-- private.live_results_shown), how many people acted. No id or email of a person; nothing held or
-- hidden by moderation; votes of blocked participants left out, as in the tallies. Null for an event
-- the caller may not see.
-- PL/pgSQL keeps the query's plan for the session (a SQL function would plan it at every call).
create function private.live_figures(event uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    with ev as (
      select e.id, e.consultation_id, private.live_results_shown(e.id) as shown
      from public.events e join public.consultations c on c.id = e.consultation_id
      where e.id = event and (c.status <> 'draft' or private.is_territory_staff(e.territory_id))
    ),
    kinds as (
      select k.kind, k.total, (
          select coalesce(jsonb_object_agg(x.key, x.value), '{}')
          from jsonb_each(to_jsonb(k) - 'event_id' - 'kind' - 'total') x where (x.value)::int > 0
        ) as themes
      from private.live_event_contributions k where k.event_id = event
    ),
    uses as (
      select s.ai_use_id, s.position, coalesce(v.proscribe, 0) as proscribe, coalesce(v.conditional, 0) as conditional,
        coalesce(v.accept, 0) as accept, coalesce(v.unsure, 0) as unsure
      from public.consultation_ai_uses s join ev on ev.consultation_id = s.consultation_id
      left join private.live_event_votes v on v.event_id = event and v.ai_use_id = s.ai_use_id
    )
    select jsonb_build_object(
      'contributions', coalesce((select sum(k.total) from kinds k), 0),
      'hopes', coalesce((select k.total from kinds k where k.kind = 'hope'), 0),
      'fears', coalesce((select k.total from kinds k where k.kind = 'fear'), 0),
      'themes', coalesce((select jsonb_object_agg(k.kind, k.themes) from kinds k where k.total > 0), '{}'),
      'votes', coalesce((select sum(u.proscribe + u.conditional + u.accept + u.unsure) from uses u), 0),
      'participants', (select count(*) from private.live_event_people p where p.event_id = event),
      'results_shown', ev.shown,
      'uses', coalesce((
        select jsonb_agg(jsonb_build_object(
            'ai_use_id', u.ai_use_id, 'position', u.position, 'votes', u.proscribe + u.conditional + u.accept + u.unsure,
            'bars', case when ev.shown then jsonb_build_object(
              'proscribe', u.proscribe, 'conditional', u.conditional, 'accept', u.accept, 'unsure', u.unsure) end)
          order by u.position, u.ai_use_id)
        from uses u), '[]'))
    from ev
  );
end
$$;

revoke all on function private.live_phase_allows(uuid, text[]), private.live_notify(uuid, text),
  private.before_live_session(), private.after_live_session(), private.live_gate_contribution(),
  private.live_gate_reaction(), private.live_gate_vote(), private.live_count_contribution(uuid, text, text[], integer),
  private.live_count_vote(uuid, uuid, text, integer), private.live_count_person(uuid, uuid),
  private.live_after_contribution(), private.live_after_reaction(), private.live_after_vote(), private.live_after_block(),
  private.recount_live(uuid), private.live_results_shown(uuid), private.live_figures(uuid) from public;
grant execute on function private.live_phase_allows(uuid, text[]), private.live_results_shown(uuid),
  private.live_figures(uuid) to anon, authenticated, service_role;
grant execute on function private.recount_live(uuid) to service_role;

-- Policies ------------------------------------------------------------------------------------------

create policy "Everyone reads the live sessions of public events; staff read all of theirs" on public.live_sessions
  for select to anon, authenticated
  using (private.consultation_is_public(consultation_id) or private.is_territory_staff(territory_id));
create policy "Staff of the territory start the live session of its events" on public.live_sessions
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory run the live session of its events" on public.live_sessions
  for update to authenticated
  using (private.is_territory_staff(territory_id))
  with check (private.is_territory_staff(territory_id));

-- Rate limits for a full hall -------------------------------------------------------------------------
-- The target: 1,000 phones behind one venue address join within 30 s and each posts 2 contributions,
-- 10 reactions and 8 votes within 3 minutes, none refused. With phase gating they all post in the same
-- few minutes, so the shared buckets were too small:
-- - contributions per event, 1,200 a minute: 1,000 phones posting their 2 as the facilitator opens the
--   phase make 2,000 in a minute. Now 5,000 a minute (a 5,000-place hall posting one each);
-- - contributions per network, 3,000 per 5 minutes: 2,000 fit with little room (a phone may post 10).
--   Now 10,000 (1,000 phones at the per-participant limit);
-- - votes per network, 20,000 per 5 minutes: an upsert counts once on its insert attempt and again on
--   the update of a changed vote, and a ballot resent per use counts every use again (1+2+…+8 = 36
--   for 8 uses one at a time): 1,000 phones need about 40,000. Now 50,000.
-- Per-participant limits are unchanged: they stop one abusive phone. Reactions have only that one.

create or replace function private.before_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  reason text;
begin
  if tg_op = 'INSERT' then
    if new.source = 'online' then
      if not private.consultation_is_open(new.consultation_id) then
        raise exception 'consultation not open' using errcode = 'P0001', hint = 'consultation_closed';
      end if;
      if not private.take_rate('participant:' || new.participant_id, 10, 300)
         or (new.event_id is not null and not private.take_rate('event:' || new.event_id, 5000, 60))
         or (claims ? 'net' and not private.take_rate('net:' || (claims ->> 'net'), 10000, 300)) then
        raise exception 'rate limited' using errcode = 'P0001', hint = 'rate_limited';
      end if;
    end if;
    new.created_at := now();
  end if;
  new.body := btrim(new.body);
  new.updated_at := now();
  if new.source = 'online' then
    reason := private.screen_text(new.body);
    new.held_reason := reason;
    if new.status <> 'hidden' then
      new.status := case when reason is null then 'visible' else 'held' end;
    end if;
  else
    new.status := coalesce(nullif(new.status, 'held'), 'visible');
  end if;
  return new;
end
$$;

create or replace function private.before_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
begin
  if tg_op = 'UPDATE' and (new.consultation_id, new.ai_use_id, new.participant_id, new.territory_id)
      is distinct from (old.consultation_id, old.ai_use_id, old.participant_id, old.territory_id) then
    raise exception 'a vote cannot move' using errcode = 'P0001', hint = 'invalid_vote';
  end if;
  perform 1 from public.consultations c where c.id = new.consultation_id and c.status = 'open' for share;
  if not found then
    raise exception 'consultation not open' using errcode = 'P0001', hint = 'consultation_closed';
  end if;
  if private.is_blocked(new.consultation_id, new.participant_id) then
    raise exception 'participant blocked' using errcode = 'P0001', hint = 'blocked';
  end if;
  if not private.take_rate('vote:' || new.participant_id, 300, 300)
     or (claims ? 'net' and not private.take_rate('net-vote:' || (claims ->> 'net'), 50000, 300)) then
    raise exception 'rate limited' using errcode = 'P0001', hint = 'rate_limited';
  end if;
  new.other_condition := nullif(btrim(new.other_condition), '');
  if tg_op = 'INSERT' then
    new.created_at := now();
  end if;
  new.updated_at := now();
  return new;
end
$$;
