-- National aggregates: per-territory summaries kept by triggers as data changes, so the map and the
-- national pages read a few thousand small rows instead of tens of millions of raw ones.
--
-- What is public (and so counted here):
-- - participation, contributions, themes and reactions: consultations that are not drafts (drafts are
--   staff-only; a draft has no participant rows anyway);
-- - votes: consultations that are closed or published only. An open consultation may hold its results
--   until closing (results_visibility), so open votes never reach the national figures; closing a
--   consultation adds its tallies, in the same transaction as the status change.
-- Definitions (private.recount_national recomputes them from the raw tables; tests/db/national.test.ts
-- checks the triggers against it):
-- - participants: distinct participants who wrote a contribution (any status), reacted (to any
--   contribution) or voted in a non-draft consultation of the territory, leaving out a consultation
--   where they are blocked (as the synthesis does);
-- - contributions_visible / hopes / fears / theme counts: visible contributions (online and paper);
--   a blocked author's visible ones count, as in the synthesis;
-- - reactions: reactions to visible contributions, leaving out participants blocked in the consultation;
-- - votes and use counts: the vote tallies (blocked participants already left out) of closed and
--   published consultations; one vote = one participant on one use in one consultation;
-- - events_total: events not cancelled of non-draft consultations. Upcoming events depend on the clock,
--   so no trigger can keep them: the app counts them with a range scan on events_upcoming_idx (future
--   events only, a small part of the table).
--
-- How the distinct participant count stays exact without recounting: private.consultation_participants
-- counts each participant's rows (contributions, reactions, votes) per consultation, whatever their
-- status; a (consultation, participant) pair is "active" when it has rows, the consultation is not a
-- draft and the participant is not blocked in it. private.territory_participants counts the active
-- pairs per territory and participant; territory_stats.participants is the number of its rows. Blocking
-- then toggles one pair without touching any row count.
--
-- Deletions that cascade: a parent's BEFORE DELETE trigger takes its children's weight out (a
-- contribution its reactions, a consultation everything in it); a child's trigger that no longer finds
-- its parent does nothing. Locks are always taken in the same order: consultation_participants,
-- territory_participants, territory_stats, territory_theme_counts / territory_use_counts.
-- consultation_id, territory_id and participant_id of contributions, reactions and votes never change
-- (not granted, and votes refuse it).

-- Summary tables -------------------------------------------------------------------------------------

create table public.territory_stats (
  territory_id uuid primary key references public.territories (id) on delete cascade,
  participants integer not null default 0 check (participants >= 0),
  contributions_visible integer not null default 0 check (contributions_visible >= 0),
  hopes integer not null default 0 check (hopes >= 0),
  fears integer not null default 0 check (fears >= 0),
  reactions integer not null default 0 check (reactions >= 0),
  votes integer not null default 0 check (votes >= 0),
  events_total integer not null default 0 check (events_total >= 0),
  updated_at timestamptz not null default now()
);

create table public.territory_theme_counts (
  territory_id uuid not null references public.territories (id) on delete cascade,
  kind text not null check (kind in ('hope', 'fear')),
  theme text not null,
  count integer not null default 0 check (count >= 0),
  primary key (territory_id, kind, theme)
);
create index territory_theme_counts_theme_idx on public.territory_theme_counts (kind, theme);

create table public.territory_use_counts (
  territory_id uuid not null references public.territories (id) on delete cascade,
  ai_use_id uuid not null references public.ai_uses (id) on delete cascade,
  proscribe integer not null default 0 check (proscribe >= 0),
  conditional integer not null default 0 check (conditional >= 0),
  accept integer not null default 0 check (accept >= 0),
  unsure integer not null default 0 check (unsure >= 0),
  total integer generated always as (proscribe + conditional + accept + unsure) stored,
  primary key (territory_id, ai_use_id)
);
create index territory_use_counts_use_idx on public.territory_use_counts (ai_use_id);

-- The latest published charter of each territory, by commitment key.
create table public.territory_charter (
  territory_id uuid primary key references public.territories (id) on delete cascade,
  version integer not null,
  published_at timestamptz not null,
  adopted text[] not null default '{}',
  in_progress text[] not null default '{}'
);

alter table public.territory_stats enable row level security;
alter table public.territory_theme_counts enable row level security;
alter table public.territory_use_counts enable row level security;
alter table public.territory_charter enable row level security;
revoke all on public.territory_stats, public.territory_theme_counts, public.territory_use_counts, public.territory_charter
  from anon, authenticated;
grant select on public.territory_stats, public.territory_theme_counts, public.territory_use_counts, public.territory_charter
  to anon, authenticated;

create policy "Everyone reads the territory summaries" on public.territory_stats
  for select to anon, authenticated using (true);
create policy "Everyone reads the theme counts of territories" on public.territory_theme_counts
  for select to anon, authenticated using (true);
create policy "Everyone reads the closed vote results of territories" on public.territory_use_counts
  for select to anon, authenticated using (true);
create policy "Everyone reads the charter adoption of territories" on public.territory_charter
  for select to anon, authenticated using (true);

-- Helper tables (not exposed) --------------------------------------------------------------------------

create table private.consultation_participants (
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  participant_id uuid not null,
  territory_id uuid not null,
  refs integer not null check (refs >= 0),
  primary key (consultation_id, participant_id)
);
create table private.territory_participants (
  territory_id uuid not null references public.territories (id) on delete cascade,
  participant_id uuid not null,
  consultations integer not null check (consultations >= 0),
  primary key (territory_id, participant_id)
);
alter table private.consultation_participants enable row level security;
alter table private.territory_participants enable row level security;
revoke all on private.consultation_participants, private.territory_participants from anon, authenticated;

-- Future events only, for the upcoming count (see above).
create index events_upcoming_idx on public.events (starts_at, territory_id) where cancelled_at is null;

-- Building blocks ---------------------------------------------------------------------------------------

-- An active pair joins (+1) or leaves (-1) its territory; returns the change in distinct participants.
create function private.national_territory_pair(territory uuid, participant uuid, delta integer) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  n integer;
begin
  if delta > 0 then
    insert into private.territory_participants as t (territory_id, participant_id, consultations)
    values (territory, participant, delta)
    on conflict (territory_id, participant_id) do update set consultations = t.consultations + delta
    returning consultations into n;
    return case when n = delta then 1 else 0 end;
  end if;
  update private.territory_participants set consultations = consultations + delta
  where territory_id = territory and participant_id = participant and consultations + delta >= 0
  returning consultations into n;
  if n = 0 then
    delete from private.territory_participants where territory_id = territory and participant_id = participant;
    return -1;
  end if;
  return 0;
end
$$;

-- Adds delta rows (contributions, reactions, votes) to a participant's count in a consultation;
-- returns the change in the territory's distinct participants (0 or ±1). `active` says whether the
-- consultation is not a draft (the block is looked up only when the pair appears or disappears).
create function private.national_ref(consultation uuid, territory uuid, participant uuid, active boolean, delta integer)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  n integer;
begin
  if participant is null or delta = 0 then
    return 0;
  end if;
  if delta > 0 then
    insert into private.consultation_participants as p (consultation_id, participant_id, territory_id, refs)
    values (consultation, participant, territory, delta)
    on conflict (consultation_id, participant_id) do update set refs = p.refs + delta
    returning refs into n;
    if n = delta and active and not private.is_blocked(consultation, participant) then
      return private.national_territory_pair(territory, participant, 1);
    end if;
    return 0;
  end if;
  update private.consultation_participants set refs = greatest(refs + delta, 0)
  where consultation_id = consultation and participant_id = participant
  returning refs into n;
  -- A row reaching 0 is deleted right away: no pair without rows survives the statement.
  if n = 0 then
    delete from private.consultation_participants where consultation_id = consultation and participant_id = participant;
    if active and not private.is_blocked(consultation, participant) then
      return private.national_territory_pair(territory, participant, -1);
    end if;
  end if;
  return 0;
end
$$;

-- One contribution's weight in the visible counts (sign 1 adds, -1 removes). Stats first, then themes.
create function private.national_contribution_weight(territory uuid, c_kind text, c_themes text[], sign integer,
  participants_delta integer, reactions_delta integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  update public.territory_stats set
    participants = participants + participants_delta,
    contributions_visible = contributions_visible + sign,
    hopes = hopes + sign * (c_kind = 'hope')::int,
    fears = fears + sign * (c_kind = 'fear')::int,
    reactions = reactions + reactions_delta,
    updated_at = now()
  where territory_id = territory;
  if sign > 0 then
    insert into public.territory_theme_counts as t (territory_id, kind, theme, count)
    select territory, c_kind, x.theme, 1 from unnest(c_themes) as x(theme) order by x.theme
    on conflict (territory_id, kind, theme) do update set count = t.count + 1;
  elsif sign < 0 then
    update public.territory_theme_counts t set count = t.count - 1
    where t.territory_id = territory and t.kind = c_kind and t.theme = any (c_themes);
  end if;
end
$$;

create function private.national_stats_add(territory uuid, participants_delta integer, reactions_delta integer,
  votes_delta integer, events_delta integer) returns void
language sql volatile security definer
set search_path = ''
as $$
  update public.territory_stats set
    participants = participants + participants_delta,
    reactions = reactions + reactions_delta,
    votes = votes + votes_delta,
    events_total = events_total + events_delta,
    updated_at = now()
  where territory_id = territory
    and (participants_delta, reactions_delta, votes_delta, events_delta) <> (0, 0, 0, 0)
$$;

-- Reactions to one contribution from participants not blocked in its consultation.
create function private.national_counted_reactions(contribution uuid, consultation uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select count(*)::integer from public.reactions r
  where r.contribution_id = contribution and not private.is_blocked(consultation, r.participant_id)
$$;

-- Contributions ------------------------------------------------------------------------------------------

create function private.national_after_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  cstatus text;
  active boolean;
  was boolean;
  now_visible boolean;
  people integer := 0;
  reacts integer;
begin
  if tg_op = 'UPDATE' and (old.status = 'visible') = (new.status = 'visible')
     and (old.status <> 'visible' or (old.kind = new.kind and old.themes = new.themes)) then
    return null; -- nothing national changed (an edit of the body, a held contribution staying held...)
  end if;
  select c.status into cstatus from public.consultations c where c.id = new.consultation_id;
  if not found then
    return null;
  end if;
  active := cstatus <> 'draft';
  if tg_op = 'INSERT' then
    people := private.national_ref(new.consultation_id, new.territory_id, new.participant_id, active, 1);
    if active and new.status = 'visible' then
      perform private.national_contribution_weight(new.territory_id, new.kind, new.themes, 1, people, 0);
    else
      perform private.national_stats_add(new.territory_id, people, 0, 0, 0);
    end if;
    return null;
  end if;
  -- UPDATE: status (moderation, screening of an edit) or themes/kind changed.
  if not active then
    return null;
  end if;
  was := old.status = 'visible';
  now_visible := new.status = 'visible';
  reacts := case when was <> now_visible then private.national_counted_reactions(new.id, new.consultation_id) else 0 end;
  if was then
    perform private.national_contribution_weight(old.territory_id, old.kind, old.themes, -1, 0,
      case when now_visible then 0 else -reacts end);
  end if;
  if now_visible then
    perform private.national_contribution_weight(new.territory_id, new.kind, new.themes, 1, 0,
      case when was then 0 else reacts end);
  end if;
  return null;
end
$$;

-- Before the row goes (its reactions' cascade comes after, and will not find it any more).
create function private.national_before_contribution_delete() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  cstatus text;
  active boolean;
  people integer;
  r record;
  reacts integer := 0;
begin
  select c.status into cstatus from public.consultations c where c.id = old.consultation_id;
  if not found then
    return old; -- the consultation's own trigger took everything out
  end if;
  active := cstatus <> 'draft';
  people := private.national_ref(old.consultation_id, old.territory_id, old.participant_id, active, -1);
  for r in
    select x.participant_id from public.reactions x where x.contribution_id = old.id order by x.participant_id
  loop
    people := people + private.national_ref(old.consultation_id, old.territory_id, r.participant_id, active, -1);
  end loop;
  if active and old.status = 'visible' then
    reacts := private.national_counted_reactions(old.id, old.consultation_id);
    perform private.national_contribution_weight(old.territory_id, old.kind, old.themes, -1, people, -reacts);
  else
    perform private.national_stats_add(old.territory_id, people, 0, 0, 0);
  end if;
  return old;
end
$$;

-- Any update: a before trigger may change the status of a row whose update named only its body.
create trigger contributions_national after insert or update on public.contributions
  for each row execute function private.national_after_contribution();
create trigger contributions_national_delete before delete on public.contributions
  for each row execute function private.national_before_contribution_delete();

-- Reactions ---------------------------------------------------------------------------------------------

create function private.national_after_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  contribution uuid := case when tg_op = 'INSERT' then new.contribution_id else old.contribution_id end;
  participant uuid := case when tg_op = 'INSERT' then new.participant_id else old.participant_id end;
  sign integer := case when tg_op = 'INSERT' then 1 else -1 end;
  c record;
  active boolean;
  people integer;
  counted integer := 0;
begin
  select x.consultation_id, x.territory_id, x.status, k.status as cstatus into c
  from public.contributions x join public.consultations k on k.id = x.consultation_id
  where x.id = contribution;
  if not found then
    return null; -- the contribution's own trigger took this reaction out
  end if;
  active := c.cstatus <> 'draft';
  people := private.national_ref(c.consultation_id, c.territory_id, participant, active, sign);
  if active and c.status = 'visible' and not private.is_blocked(c.consultation_id, participant) then
    counted := sign;
  end if;
  perform private.national_stats_add(c.territory_id, people, counted, 0, 0);
  return null;
end
$$;

-- A changed reaction (its value) changes no national figure.
create trigger reactions_national after insert or delete on public.reactions
  for each row execute function private.national_after_reaction();

-- Votes (participation only: results come from the tallies) ------------------------------------------------

create function private.national_after_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  consultation uuid := case when tg_op = 'INSERT' then new.consultation_id else old.consultation_id end;
  territory uuid := case when tg_op = 'INSERT' then new.territory_id else old.territory_id end;
  participant uuid := case when tg_op = 'INSERT' then new.participant_id else old.participant_id end;
  cstatus text;
begin
  select c.status into cstatus from public.consultations c where c.id = consultation;
  if not found then
    return null;
  end if;
  perform private.national_stats_add(territory,
    private.national_ref(consultation, territory, participant, cstatus <> 'draft',
      case when tg_op = 'INSERT' then 1 else -1 end), 0, 0, 0);
  return null;
end
$$;

create trigger votes_national after insert or delete on public.votes
  for each row execute function private.national_after_vote();

-- Vote results: the tallies of closed and published consultations -----------------------------------------

create function private.national_use_add(territory uuid, ai_use uuid, p integer, c integer, a integer, u integer)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if (p, c, a, u) = (0, 0, 0, 0) then
    return;
  end if;
  if least(p, c, a, u) >= 0 then
    insert into public.territory_use_counts as t (territory_id, ai_use_id, proscribe, conditional, accept, unsure)
    values (territory, ai_use, p, c, a, u)
    on conflict (territory_id, ai_use_id) do update set
      proscribe = t.proscribe + excluded.proscribe, conditional = t.conditional + excluded.conditional,
      accept = t.accept + excluded.accept, unsure = t.unsure + excluded.unsure;
  else
    -- Taking out what was counted: the row exists (a check refuses a negative insert).
    update public.territory_use_counts t set
      proscribe = t.proscribe + p, conditional = t.conditional + c, accept = t.accept + a, unsure = t.unsure + u
    where t.territory_id = territory and t.ai_use_id = ai_use;
  end if;
end
$$;

create function private.national_after_tally() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  consultation uuid := case when tg_op = 'DELETE' then old.consultation_id else new.consultation_id end;
  territory uuid := case when tg_op = 'DELETE' then old.territory_id else new.territory_id end;
  ai_use uuid := case when tg_op = 'DELETE' then old.ai_use_id else new.ai_use_id end;
  dp integer := coalesce(new.proscribe, 0) - coalesce(old.proscribe, 0);
  dc integer := coalesce(new.conditional, 0) - coalesce(old.conditional, 0);
  da integer := coalesce(new.accept, 0) - coalesce(old.accept, 0);
  du integer := coalesce(new.unsure, 0) - coalesce(old.unsure, 0);
begin
  if (dp, dc, da, du) = (0, 0, 0, 0) then
    return null;
  end if;
  if not exists (select 1 from public.consultations c where c.id = consultation and c.status in ('closed', 'published')) then
    return null; -- open results stay out of the national figures; a deleted consultation took its own out
  end if;
  perform private.national_stats_add(territory, 0, 0, dp + dc + da + du, 0);
  perform private.national_use_add(territory, ai_use, dp, dc, da, du);
  return null;
end
$$;

create trigger vote_tallies_national after update or delete on public.vote_tallies
  for each row execute function private.national_after_tally();

-- Participant blocks: toggle the pair, and the participant's reactions --------------------------------------

create function private.national_after_block() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  b record;
  sign integer := case when tg_op = 'INSERT' then -1 else 1 end;
  people integer := 0;
  reacts integer;
begin
  if tg_op = 'INSERT' then b := new; else b := old; end if;
  if not exists (select 1 from public.consultations c where c.id = b.consultation_id and c.status <> 'draft') then
    return null;
  end if;
  if exists (select 1 from private.consultation_participants p
             where p.consultation_id = b.consultation_id and p.participant_id = b.participant_id) then
    people := private.national_territory_pair(b.territory_id, b.participant_id, sign);
  end if;
  select count(*)::integer into reacts
  from public.reactions r join public.contributions x on x.id = r.contribution_id
  where r.participant_id = b.participant_id and x.consultation_id = b.consultation_id and x.status = 'visible';
  perform private.national_stats_add(b.territory_id, people, sign * reacts, 0, 0);
  return null;
end
$$;

create trigger participant_blocks_national after insert or delete on public.participant_blocks
  for each row execute function private.national_after_block();

-- Events ---------------------------------------------------------------------------------------------------

create function private.national_after_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  d integer := (tg_op <> 'DELETE' and new.cancelled_at is null)::int - (tg_op <> 'INSERT' and old.cancelled_at is null)::int;
  consultation uuid := case when tg_op = 'DELETE' then old.consultation_id else new.consultation_id end;
  territory uuid := case when tg_op = 'DELETE' then old.territory_id else new.territory_id end;
begin
  if d <> 0 and exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    perform private.national_stats_add(territory, 0, 0, 0, d);
  end if;
  return null;
end
$$;

create trigger events_national after insert or delete or update of cancelled_at on public.events
  for each row execute function private.national_after_event();

-- Consultations: leaving draft adds everything in it, closing adds its votes, deleting takes out what counted --

-- Everything a consultation holds except vote results, in (1) or out (-1) of the figures.
create function private.national_apply_consultation(consultation uuid, sign integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  k record;
  people integer := 0;
  pair record;
begin
  select c.id, c.territory_id into k from public.consultations c where c.id = consultation;
  for pair in
    select p.participant_id from private.consultation_participants p
    where p.consultation_id = consultation and not private.is_blocked(consultation, p.participant_id)
    order by p.participant_id
  loop
    people := people + private.national_territory_pair(k.territory_id, pair.participant_id, sign);
  end loop;
  update public.territory_stats s set
    participants = s.participants + people,
    contributions_visible = s.contributions_visible + sign * x.visible,
    hopes = s.hopes + sign * x.hopes,
    fears = s.fears + sign * x.fears,
    reactions = s.reactions + sign * x.reactions,
    events_total = s.events_total + sign * x.events,
    updated_at = now()
  from (
    select
      (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible')::int as visible,
      (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible' and c.kind = 'hope')::int as hopes,
      (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible' and c.kind = 'fear')::int as fears,
      (select count(*) from public.reactions r join public.contributions c on c.id = r.contribution_id
       where c.consultation_id = consultation and c.status = 'visible'
         and not private.is_blocked(consultation, r.participant_id))::int as reactions,
      (select count(*) from public.events e where e.consultation_id = consultation and e.cancelled_at is null)::int as events
  ) x
  where s.territory_id = k.territory_id;
  if sign > 0 then
    insert into public.territory_theme_counts as t (territory_id, kind, theme, count)
    select k.territory_id, c.kind, x.theme, count(*)::int
    from public.contributions c cross join lateral unnest(c.themes) as x(theme)
    where c.consultation_id = consultation and c.status = 'visible'
    group by c.kind, x.theme
    order by c.kind, x.theme
    on conflict (territory_id, kind, theme) do update set count = t.count + excluded.count;
  else
    update public.territory_theme_counts t set count = t.count - y.n
    from (
      select c.kind, x.theme, count(*)::int as n
      from public.contributions c cross join lateral unnest(c.themes) as x(theme)
      where c.consultation_id = consultation and c.status = 'visible'
      group by c.kind, x.theme
    ) y
    where t.territory_id = k.territory_id and t.kind = y.kind and t.theme = y.theme;
  end if;
end
$$;

create function private.national_apply_votes(consultation uuid, sign integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  t record;
  n integer := 0;
  territory uuid;
begin
  select c.territory_id into territory from public.consultations c where c.id = consultation;
  for t in
    select * from public.vote_tallies v where v.consultation_id = consultation and v.total > 0 order by v.ai_use_id
  loop
    n := n + t.total;
  end loop;
  perform private.national_stats_add(territory, 0, 0, sign * n, 0);
  for t in
    select * from public.vote_tallies v where v.consultation_id = consultation and v.total > 0 order by v.ai_use_id
  loop
    perform private.national_use_add(t.territory_id, t.ai_use_id, sign * t.proscribe, sign * t.conditional,
      sign * t.accept, sign * t.unsure);
  end loop;
end
$$;

create function private.national_after_consultation_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.status = 'draft' and new.status <> 'draft' then
    perform private.national_apply_consultation(new.id, 1);
  end if;
  if old.status not in ('closed', 'published') and new.status in ('closed', 'published') then
    perform private.national_apply_votes(new.id, 1);
  end if;
  return null;
end
$$;

create function private.national_before_consultation_delete() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.status in ('closed', 'published') then
    perform private.national_apply_votes(old.id, -1);
  end if;
  if old.status <> 'draft' then
    perform private.national_apply_consultation(old.id, -1);
  end if;
  delete from private.consultation_participants where consultation_id = old.id;
  return old;
end
$$;

create trigger consultations_national after update of status on public.consultations
  for each row when (old.status is distinct from new.status)
  execute function private.national_after_consultation_status();
create trigger consultations_national_delete before delete on public.consultations
  for each row execute function private.national_before_consultation_delete();

-- Territories get their summary row when they are created -------------------------------------------------

create function private.national_after_territory() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.territory_stats (territory_id) values (new.id) on conflict do nothing;
  return null;
end
$$;

create trigger territories_national after insert on public.territories
  for each row execute function private.national_after_territory();

-- Charters: the latest published version per territory ---------------------------------------------------

create function private.national_after_charter() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.territory_charter as t (territory_id, version, published_at, adopted, in_progress)
  select new.territory_id, new.version, new.published_at,
    coalesce(array_agg(c ->> 'key' order by n) filter (where c ->> 'status' = 'adopted'), '{}'),
    coalesce(array_agg(c ->> 'key' order by n) filter (where c ->> 'status' = 'in_progress'), '{}')
  from jsonb_array_elements(new.commitments) with ordinality as e(c, n)
  on conflict (territory_id) do update set
    version = excluded.version, published_at = excluded.published_at,
    adopted = excluded.adopted, in_progress = excluded.in_progress
  where excluded.version > t.version;
  return null;
end
$$;

create trigger charter_versions_national after insert on public.charter_versions
  for each row execute function private.national_after_charter();

-- Full recount of one territory from the raw tables (tests compare; also a repair tool) ---------------------

create function private.recount_national(territory uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  perform 1 from public.territories where id = territory for update;
  delete from private.consultation_participants p where p.territory_id = territory;
  insert into private.consultation_participants (consultation_id, participant_id, territory_id, refs)
  select x.consultation_id, x.participant_id, territory, count(*)::int
  from (
    select c.consultation_id, c.participant_id from public.contributions c
    where c.territory_id = territory and c.participant_id is not null
    union all
    select c.consultation_id, r.participant_id from public.reactions r join public.contributions c on c.id = r.contribution_id
    where c.territory_id = territory
    union all
    select v.consultation_id, v.participant_id from public.votes v where v.territory_id = territory
  ) x
  group by x.consultation_id, x.participant_id;

  delete from private.territory_participants p where p.territory_id = territory;
  insert into private.territory_participants (territory_id, participant_id, consultations)
  select territory, p.participant_id, count(*)::int
  from private.consultation_participants p join public.consultations k on k.id = p.consultation_id
  where p.territory_id = territory and k.status <> 'draft' and not private.is_blocked(p.consultation_id, p.participant_id)
  group by p.participant_id;

  insert into public.territory_stats (territory_id) values (territory) on conflict do nothing;
  update public.territory_stats s set
    participants = (select count(*) from private.territory_participants p where p.territory_id = territory),
    contributions_visible = x.visible, hopes = x.hopes, fears = x.fears, reactions = x.reactions,
    votes = x.votes, events_total = x.events, updated_at = now()
  from (
    select
      count(*) filter (where c.status = 'visible')::int as visible,
      count(*) filter (where c.status = 'visible' and c.kind = 'hope')::int as hopes,
      count(*) filter (where c.status = 'visible' and c.kind = 'fear')::int as fears,
      (select count(*) from public.reactions r join public.contributions c2 on c2.id = r.contribution_id
       join public.consultations k2 on k2.id = c2.consultation_id
       where c2.territory_id = territory and c2.status = 'visible' and k2.status <> 'draft'
         and not private.is_blocked(c2.consultation_id, r.participant_id))::int as reactions,
      (select count(*) from public.votes v join public.consultations k2 on k2.id = v.consultation_id
       where v.territory_id = territory and k2.status in ('closed', 'published')
         and not private.is_blocked(v.consultation_id, v.participant_id))::int as votes,
      (select count(*) from public.events e join public.consultations k2 on k2.id = e.consultation_id
       where e.territory_id = territory and e.cancelled_at is null and k2.status <> 'draft')::int as events
    from public.contributions c join public.consultations k on k.id = c.consultation_id
    where c.territory_id = territory and k.status <> 'draft'
  ) x
  where s.territory_id = territory;

  delete from public.territory_theme_counts t where t.territory_id = territory;
  insert into public.territory_theme_counts (territory_id, kind, theme, count)
  select territory, c.kind, x.theme, count(*)::int
  from public.contributions c join public.consultations k on k.id = c.consultation_id
  cross join lateral unnest(c.themes) as x(theme)
  where c.territory_id = territory and c.status = 'visible' and k.status <> 'draft'
  group by c.kind, x.theme;

  delete from public.territory_use_counts t where t.territory_id = territory;
  insert into public.territory_use_counts (territory_id, ai_use_id, proscribe, conditional, accept, unsure)
  select territory, v.ai_use_id,
    count(*) filter (where v.verdict = 'proscribe')::int, count(*) filter (where v.verdict = 'conditional')::int,
    count(*) filter (where v.verdict = 'accept')::int, count(*) filter (where v.verdict = 'unsure')::int
  from public.votes v join public.consultations k on k.id = v.consultation_id
  where v.territory_id = territory and k.status in ('closed', 'published')
    and not private.is_blocked(v.consultation_id, v.participant_id)
  group by v.ai_use_id;

  delete from public.territory_charter t where t.territory_id = territory;
  insert into public.territory_charter (territory_id, version, published_at, adopted, in_progress)
  select v.territory_id, v.version, v.published_at,
    coalesce((select array_agg(c ->> 'key' order by n) from jsonb_array_elements(v.commitments) with ordinality e(c, n)
              where c ->> 'status' = 'adopted'), '{}'),
    coalesce((select array_agg(c ->> 'key' order by n) from jsonb_array_elements(v.commitments) with ordinality e(c, n)
              where c ->> 'status' = 'in_progress'), '{}')
  from public.charter_versions v
  where v.territory_id = territory
  order by v.version desc
  limit 1;
end
$$;

-- Backfill: territories and data that exist before this migration.
insert into public.territory_stats (territory_id) select id from public.territories on conflict do nothing;
select private.recount_national(t.id) from public.territories t;

revoke all on function private.national_territory_pair(uuid, uuid, integer),
  private.national_ref(uuid, uuid, uuid, boolean, integer),
  private.national_contribution_weight(uuid, text, text[], integer, integer, integer),
  private.national_stats_add(uuid, integer, integer, integer, integer),
  private.national_counted_reactions(uuid, uuid), private.national_after_contribution(),
  private.national_before_contribution_delete(), private.national_after_reaction(), private.national_after_vote(),
  private.national_use_add(uuid, uuid, integer, integer, integer, integer), private.national_after_tally(),
  private.national_after_block(), private.national_after_event(), private.national_apply_consultation(uuid, integer),
  private.national_apply_votes(uuid, integer), private.national_after_consultation_status(),
  private.national_before_consultation_delete(), private.national_after_territory(), private.national_after_charter(),
  private.recount_national(uuid) from public;
-- Repair is a system job: the service path only.
grant execute on function private.recount_national(uuid) to service_role;
