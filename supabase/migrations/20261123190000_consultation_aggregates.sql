-- Per-consultation summaries, kept by the same triggers as the territory ones
-- (20261123180000_national_aggregates.sql), so the national map can be filtered by period and audience:
-- a filtered map sums the rows of the matching consultations instead of reading raw rows.
--
-- Definitions: those of the territory level (see the 180000 header), per consultation:
-- - participants: active (consultation, participant) pairs of private.consultation_participants (rows,
--   not a draft, not blocked). Summed over consultations, a person who took part in two of them counts
--   twice: only the territory level counts distinct people;
-- - contributions_visible / hopes / fears / reactions / votes / events_total / theme counts / use counts:
--   exactly as for the territory, whose figures are the sums over its consultations.
-- A consultation gets its summary row when it leaves draft (or is created not a draft): drafts are
-- staff-only, so no public table names them.
--
-- Lock order, extended: consultation_participants, territory_participants, territory_stats,
-- consultation_stats, territory_theme_counts, consultation_theme_counts, territory_use_counts,
-- consultation_use_counts. territory_stats is locked whenever a consultation_stats row changes, so
-- transactions touching several consultations of one territory (a participant deleting their data)
-- queue behind one row instead of crossing each other.
--
-- private.recount_national() rebuilds everything national, both levels, from the raw tables (a bulk
-- load with triggers off ends with it); private.recount_national(territory) does one territory.

-- Summary tables -------------------------------------------------------------------------------------

create table public.consultation_stats (
  consultation_id uuid primary key,
  territory_id uuid not null,
  participants integer not null default 0 check (participants >= 0),
  contributions_visible integer not null default 0 check (contributions_visible >= 0),
  hopes integer not null default 0 check (hopes >= 0),
  fears integer not null default 0 check (fears >= 0),
  reactions integer not null default 0 check (reactions >= 0),
  votes integer not null default 0 check (votes >= 0),
  events_total integer not null default 0 check (events_total >= 0),
  updated_at timestamptz not null default now(),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade
);
create index consultation_stats_territory_idx on public.consultation_stats (territory_id);

create table public.consultation_theme_counts (
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  kind text not null check (kind in ('hope', 'fear')),
  theme text not null,
  count integer not null default 0 check (count >= 0),
  primary key (consultation_id, kind, theme)
);

create table public.consultation_use_counts (
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  ai_use_id uuid not null references public.ai_uses (id) on delete cascade,
  proscribe integer not null default 0 check (proscribe >= 0),
  conditional integer not null default 0 check (conditional >= 0),
  accept integer not null default 0 check (accept >= 0),
  unsure integer not null default 0 check (unsure >= 0),
  total integer generated always as (proscribe + conditional + accept + unsure) stored,
  primary key (consultation_id, ai_use_id)
);
-- The filtered map reads one use across the matching consultations.
create index consultation_use_counts_use_idx on public.consultation_use_counts (ai_use_id, consultation_id);

-- The period filter (overlap with a calendar year) and the list of years, public consultations only.
create index consultations_public_starts_idx on public.consultations (starts_on) where status <> 'draft';
create index consultations_public_ends_idx on public.consultations (ends_on) where status <> 'draft';

alter table public.consultation_stats enable row level security;
alter table public.consultation_theme_counts enable row level security;
alter table public.consultation_use_counts enable row level security;
revoke all on public.consultation_stats, public.consultation_theme_counts, public.consultation_use_counts
  from anon, authenticated;
grant select on public.consultation_stats, public.consultation_theme_counts, public.consultation_use_counts
  to anon, authenticated;

create policy "Everyone reads the summaries of public consultations" on public.consultation_stats
  for select to anon, authenticated using (true);
create policy "Everyone reads the theme counts of public consultations" on public.consultation_theme_counts
  for select to anon, authenticated using (true);
create policy "Everyone reads the closed vote results of consultations" on public.consultation_use_counts
  for select to anon, authenticated using (true);

-- What the map reads of consultations and events, without their row policies: these call a function per
-- row (for drafts, and for every event), far too slow across a country's rows. They return only what
-- anyone may read: consultations that are not drafts, and counts of their upcoming events.
create function private.national_consultations(year integer, audience text)
returns table (consultation_id uuid, territory_id uuid)
language sql stable security definer
set search_path = ''
rows 2000
as $$
  select c.id, c.territory_id from public.consultations c
  where c.status <> 'draft'
    and (year is null or (c.starts_on <= make_date(year, 12, 31) and c.ends_on >= make_date(year, 1, 1)))
    and (audience is null or audience = any (c.publics))
$$;

-- Upcoming events depend on the clock (see the 180000 header): a range scan of future events.
create function private.national_upcoming_events()
returns table (consultation_id uuid, territory_id uuid, events integer)
language sql stable security definer
set search_path = ''
rows 2000
as $$
  select e.consultation_id, e.territory_id, count(*)::int
  from public.events e join public.consultations k on k.id = e.consultation_id
  where e.starts_at >= now() and e.cancelled_at is null and k.status <> 'draft'
  group by e.consultation_id, e.territory_id
$$;

-- Building blocks (they replace national_ref, national_stats_add, national_contribution_weight and
-- national_use_add, which knew the territory only) ------------------------------------------------------

-- Adds delta rows to a participant's count in a consultation; returns the change in the consultation's
-- participants and in the territory's distinct participants (each 0 or ±1).
create function private.national_pair_ref(consultation uuid, territory uuid, participant uuid, active boolean,
  delta integer, out consultation_people integer, out territory_people integer)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  n integer;
begin
  consultation_people := 0;
  territory_people := 0;
  if participant is null or delta = 0 then
    return;
  end if;
  if delta > 0 then
    insert into private.consultation_participants as p (consultation_id, participant_id, territory_id, refs)
    values (consultation, participant, territory, delta)
    on conflict (consultation_id, participant_id) do update set refs = p.refs + delta
    returning refs into n;
    if n = delta and active and not private.is_blocked(consultation, participant) then
      consultation_people := 1;
      territory_people := private.national_territory_pair(territory, participant, 1);
    end if;
    return;
  end if;
  update private.consultation_participants set refs = greatest(refs + delta, 0)
  where consultation_id = consultation and participant_id = participant
  returning refs into n;
  -- A row reaching 0 is deleted right away: no pair without rows survives the statement.
  if n = 0 then
    delete from private.consultation_participants where consultation_id = consultation and participant_id = participant;
    if active and not private.is_blocked(consultation, participant) then
      consultation_people := -1;
      territory_people := private.national_territory_pair(territory, participant, -1);
    end if;
  end if;
end
$$;

-- The territory row first, then the consultation's (see the lock order above).
create function private.national_stats_add(consultation uuid, territory uuid, consultation_people integer,
  territory_people integer, reactions_delta integer, votes_delta integer, events_delta integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if (consultation_people, territory_people, reactions_delta, votes_delta, events_delta) = (0, 0, 0, 0, 0) then
    return;
  end if;
  update public.territory_stats set
    participants = participants + territory_people,
    reactions = reactions + reactions_delta,
    votes = votes + votes_delta,
    events_total = events_total + events_delta,
    updated_at = now()
  where territory_id = territory;
  update public.consultation_stats set
    participants = participants + consultation_people,
    reactions = reactions + reactions_delta,
    votes = votes + votes_delta,
    events_total = events_total + events_delta,
    updated_at = now()
  where consultation_id = consultation;
end
$$;

-- One contribution's weight in the visible counts (sign 1 adds, -1 removes). Stats first, then themes.
create function private.national_contribution_weight(consultation uuid, territory uuid, c_kind text, c_themes text[],
  sign integer, consultation_people integer, territory_people integer, reactions_delta integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  update public.territory_stats set
    participants = participants + territory_people,
    contributions_visible = contributions_visible + sign,
    hopes = hopes + sign * (c_kind = 'hope')::int,
    fears = fears + sign * (c_kind = 'fear')::int,
    reactions = reactions + reactions_delta,
    updated_at = now()
  where territory_id = territory;
  update public.consultation_stats set
    participants = participants + consultation_people,
    contributions_visible = contributions_visible + sign,
    hopes = hopes + sign * (c_kind = 'hope')::int,
    fears = fears + sign * (c_kind = 'fear')::int,
    reactions = reactions + reactions_delta,
    updated_at = now()
  where consultation_id = consultation;
  if sign > 0 then
    insert into public.territory_theme_counts as t (territory_id, kind, theme, count)
    select territory, c_kind, x.theme, 1 from unnest(c_themes) as x(theme) order by x.theme
    on conflict (territory_id, kind, theme) do update set count = t.count + 1;
    insert into public.consultation_theme_counts as t (consultation_id, kind, theme, count)
    select consultation, c_kind, x.theme, 1 from unnest(c_themes) as x(theme) order by x.theme
    on conflict (consultation_id, kind, theme) do update set count = t.count + 1;
  elsif sign < 0 then
    update public.territory_theme_counts t set count = t.count - 1
    where t.territory_id = territory and t.kind = c_kind and t.theme = any (c_themes);
    update public.consultation_theme_counts t set count = t.count - 1
    where t.consultation_id = consultation and t.kind = c_kind and t.theme = any (c_themes);
  end if;
end
$$;

create function private.national_use_add(consultation uuid, territory uuid, ai_use uuid, p integer, c integer,
  a integer, u integer) returns void
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
    insert into public.consultation_use_counts as t (consultation_id, ai_use_id, proscribe, conditional, accept, unsure)
    values (consultation, ai_use, p, c, a, u)
    on conflict (consultation_id, ai_use_id) do update set
      proscribe = t.proscribe + excluded.proscribe, conditional = t.conditional + excluded.conditional,
      accept = t.accept + excluded.accept, unsure = t.unsure + excluded.unsure;
  else
    -- Taking out what was counted: the rows exist (a check refuses a negative insert).
    update public.territory_use_counts t set
      proscribe = t.proscribe + p, conditional = t.conditional + c, accept = t.accept + a, unsure = t.unsure + u
    where t.territory_id = territory and t.ai_use_id = ai_use;
    update public.consultation_use_counts t set
      proscribe = t.proscribe + p, conditional = t.conditional + c, accept = t.accept + a, unsure = t.unsure + u
    where t.consultation_id = consultation and t.ai_use_id = ai_use;
  end if;
end
$$;

-- Contributions ------------------------------------------------------------------------------------------

create or replace function private.national_after_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  cstatus text;
  active boolean;
  was boolean;
  now_visible boolean;
  d record;
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
    select * into d from private.national_pair_ref(new.consultation_id, new.territory_id, new.participant_id, active, 1);
    if active and new.status = 'visible' then
      perform private.national_contribution_weight(new.consultation_id, new.territory_id, new.kind, new.themes, 1,
        d.consultation_people, d.territory_people, 0);
    else
      perform private.national_stats_add(new.consultation_id, new.territory_id, d.consultation_people,
        d.territory_people, 0, 0, 0);
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
    perform private.national_contribution_weight(old.consultation_id, old.territory_id, old.kind, old.themes, -1, 0, 0,
      case when now_visible then 0 else -reacts end);
  end if;
  if now_visible then
    perform private.national_contribution_weight(new.consultation_id, new.territory_id, new.kind, new.themes, 1, 0, 0,
      case when was then 0 else reacts end);
  end if;
  return null;
end
$$;

create or replace function private.national_before_contribution_delete() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  cstatus text;
  active boolean;
  d record;
  consultation_people integer;
  territory_people integer;
  r record;
  reacts integer := 0;
begin
  select c.status into cstatus from public.consultations c where c.id = old.consultation_id;
  if not found then
    return old; -- the consultation's own trigger took everything out
  end if;
  active := cstatus <> 'draft';
  select * into d from private.national_pair_ref(old.consultation_id, old.territory_id, old.participant_id, active, -1);
  consultation_people := d.consultation_people;
  territory_people := d.territory_people;
  for r in
    select x.participant_id from public.reactions x where x.contribution_id = old.id order by x.participant_id
  loop
    select * into d from private.national_pair_ref(old.consultation_id, old.territory_id, r.participant_id, active, -1);
    consultation_people := consultation_people + d.consultation_people;
    territory_people := territory_people + d.territory_people;
  end loop;
  if active and old.status = 'visible' then
    reacts := private.national_counted_reactions(old.id, old.consultation_id);
    perform private.national_contribution_weight(old.consultation_id, old.territory_id, old.kind, old.themes, -1,
      consultation_people, territory_people, -reacts);
  else
    perform private.national_stats_add(old.consultation_id, old.territory_id, consultation_people, territory_people, 0, 0, 0);
  end if;
  return old;
end
$$;

-- Reactions ---------------------------------------------------------------------------------------------

create or replace function private.national_after_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  contribution uuid := case when tg_op = 'INSERT' then new.contribution_id else old.contribution_id end;
  participant uuid := case when tg_op = 'INSERT' then new.participant_id else old.participant_id end;
  sign integer := case when tg_op = 'INSERT' then 1 else -1 end;
  c record;
  active boolean;
  d record;
  counted integer := 0;
begin
  select x.consultation_id, x.territory_id, x.status, k.status as cstatus into c
  from public.contributions x join public.consultations k on k.id = x.consultation_id
  where x.id = contribution;
  if not found then
    return null; -- the contribution's own trigger took this reaction out
  end if;
  active := c.cstatus <> 'draft';
  select * into d from private.national_pair_ref(c.consultation_id, c.territory_id, participant, active, sign);
  if active and c.status = 'visible' and not private.is_blocked(c.consultation_id, participant) then
    counted := sign;
  end if;
  perform private.national_stats_add(c.consultation_id, c.territory_id, d.consultation_people, d.territory_people,
    counted, 0, 0);
  return null;
end
$$;

-- Votes (participation) and vote results ----------------------------------------------------------------

create or replace function private.national_after_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  consultation uuid := case when tg_op = 'INSERT' then new.consultation_id else old.consultation_id end;
  territory uuid := case when tg_op = 'INSERT' then new.territory_id else old.territory_id end;
  participant uuid := case when tg_op = 'INSERT' then new.participant_id else old.participant_id end;
  cstatus text;
  d record;
begin
  select c.status into cstatus from public.consultations c where c.id = consultation;
  if not found then
    return null;
  end if;
  select * into d from private.national_pair_ref(consultation, territory, participant, cstatus <> 'draft',
    case when tg_op = 'INSERT' then 1 else -1 end);
  perform private.national_stats_add(consultation, territory, d.consultation_people, d.territory_people, 0, 0, 0);
  return null;
end
$$;

create or replace function private.national_after_tally() returns trigger
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
  perform private.national_stats_add(consultation, territory, 0, 0, 0, dp + dc + da + du, 0);
  perform private.national_use_add(consultation, territory, ai_use, dp, dc, da, du);
  return null;
end
$$;

-- Participant blocks -------------------------------------------------------------------------------------

create or replace function private.national_after_block() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  b record;
  sign integer := case when tg_op = 'INSERT' then -1 else 1 end;
  consultation_people integer := 0;
  territory_people integer := 0;
  reacts integer;
begin
  if tg_op = 'INSERT' then b := new; else b := old; end if;
  if not exists (select 1 from public.consultations c where c.id = b.consultation_id and c.status <> 'draft') then
    return null;
  end if;
  if exists (select 1 from private.consultation_participants p
             where p.consultation_id = b.consultation_id and p.participant_id = b.participant_id) then
    consultation_people := sign;
    territory_people := private.national_territory_pair(b.territory_id, b.participant_id, sign);
  end if;
  select count(*)::integer into reacts
  from public.reactions r join public.contributions x on x.id = r.contribution_id
  where r.participant_id = b.participant_id and x.consultation_id = b.consultation_id and x.status = 'visible';
  perform private.national_stats_add(b.consultation_id, b.territory_id, consultation_people, territory_people,
    sign * reacts, 0, 0);
  return null;
end
$$;

-- Events ---------------------------------------------------------------------------------------------------

create or replace function private.national_after_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  d integer := (tg_op <> 'DELETE' and new.cancelled_at is null)::int - (tg_op <> 'INSERT' and old.cancelled_at is null)::int;
  consultation uuid := case when tg_op = 'DELETE' then old.consultation_id else new.consultation_id end;
  territory uuid := case when tg_op = 'DELETE' then old.territory_id else new.territory_id end;
begin
  if d <> 0 and exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    perform private.national_stats_add(consultation, territory, 0, 0, 0, 0, d);
  end if;
  return null;
end
$$;

-- Consultations ---------------------------------------------------------------------------------------------

-- Everything a consultation holds except vote results, in (1) or out (-1) of the figures. Coming in,
-- the consultation gets its summary row.
create or replace function private.national_apply_consultation(consultation uuid, sign integer) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  k record;
  x record;
  pairs integer := 0;
  people integer := 0;
  pair record;
begin
  select c.id, c.territory_id into k from public.consultations c where c.id = consultation;
  for pair in
    select p.participant_id from private.consultation_participants p
    where p.consultation_id = consultation and not private.is_blocked(consultation, p.participant_id)
    order by p.participant_id
  loop
    pairs := pairs + 1;
    people := people + private.national_territory_pair(k.territory_id, pair.participant_id, sign);
  end loop;
  select
    (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible')::int as visible,
    (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible' and c.kind = 'hope')::int as hopes,
    (select count(*) from public.contributions c where c.consultation_id = consultation and c.status = 'visible' and c.kind = 'fear')::int as fears,
    (select count(*) from public.reactions r join public.contributions c on c.id = r.contribution_id
     where c.consultation_id = consultation and c.status = 'visible'
       and not private.is_blocked(consultation, r.participant_id))::int as reactions,
    (select count(*) from public.events e where e.consultation_id = consultation and e.cancelled_at is null)::int as events
  into x;
  update public.territory_stats s set
    participants = s.participants + people,
    contributions_visible = s.contributions_visible + sign * x.visible,
    hopes = s.hopes + sign * x.hopes,
    fears = s.fears + sign * x.fears,
    reactions = s.reactions + sign * x.reactions,
    events_total = s.events_total + sign * x.events,
    updated_at = now()
  where s.territory_id = k.territory_id;
  if sign > 0 then
    insert into public.consultation_stats as s
      (consultation_id, territory_id, participants, contributions_visible, hopes, fears, reactions, events_total)
    values (consultation, k.territory_id, pairs, x.visible, x.hopes, x.fears, x.reactions, x.events)
    on conflict (consultation_id) do update set
      participants = s.participants + excluded.participants,
      contributions_visible = s.contributions_visible + excluded.contributions_visible,
      hopes = s.hopes + excluded.hopes,
      fears = s.fears + excluded.fears,
      reactions = s.reactions + excluded.reactions,
      events_total = s.events_total + excluded.events_total,
      updated_at = now();
  else
    update public.consultation_stats s set
      participants = s.participants - pairs,
      contributions_visible = s.contributions_visible - x.visible,
      hopes = s.hopes - x.hopes,
      fears = s.fears - x.fears,
      reactions = s.reactions - x.reactions,
      events_total = s.events_total - x.events,
      updated_at = now()
    where s.consultation_id = consultation;
  end if;
  if sign > 0 then
    insert into public.territory_theme_counts as t (territory_id, kind, theme, count)
    select k.territory_id, c.kind, y.theme, count(*)::int
    from public.contributions c cross join lateral unnest(c.themes) as y(theme)
    where c.consultation_id = consultation and c.status = 'visible'
    group by c.kind, y.theme
    order by c.kind, y.theme
    on conflict (territory_id, kind, theme) do update set count = t.count + excluded.count;
    insert into public.consultation_theme_counts as t (consultation_id, kind, theme, count)
    select consultation, c.kind, y.theme, count(*)::int
    from public.contributions c cross join lateral unnest(c.themes) as y(theme)
    where c.consultation_id = consultation and c.status = 'visible'
    group by c.kind, y.theme
    order by c.kind, y.theme
    on conflict (consultation_id, kind, theme) do update set count = t.count + excluded.count;
  else
    update public.territory_theme_counts t set count = t.count - y.n
    from (
      select c.kind, z.theme, count(*)::int as n
      from public.contributions c cross join lateral unnest(c.themes) as z(theme)
      where c.consultation_id = consultation and c.status = 'visible'
      group by c.kind, z.theme
    ) y
    where t.territory_id = k.territory_id and t.kind = y.kind and t.theme = y.theme;
    update public.consultation_theme_counts t set count = t.count - y.n
    from (
      select c.kind, z.theme, count(*)::int as n
      from public.contributions c cross join lateral unnest(c.themes) as z(theme)
      where c.consultation_id = consultation and c.status = 'visible'
      group by c.kind, z.theme
    ) y
    where t.consultation_id = consultation and t.kind = y.kind and t.theme = y.theme;
  end if;
end
$$;

create or replace function private.national_apply_votes(consultation uuid, sign integer) returns void
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
  perform private.national_stats_add(consultation, territory, 0, 0, 0, sign * n, 0);
  for t in
    select * from public.vote_tallies v where v.consultation_id = consultation and v.total > 0 order by v.ai_use_id
  loop
    perform private.national_use_add(consultation, t.territory_id, t.ai_use_id, sign * t.proscribe,
      sign * t.conditional, sign * t.accept, sign * t.unsure);
  end loop;
end
$$;

-- A consultation created already public (no draft step) gets its summary row at once; it holds nothing yet.
create function private.national_after_consultation_insert() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.status <> 'draft' then
    insert into public.consultation_stats (consultation_id, territory_id) values (new.id, new.territory_id)
    on conflict do nothing;
  end if;
  return null;
end
$$;

create trigger consultations_national_insert after insert on public.consultations
  for each row execute function private.national_after_consultation_insert();

-- The building blocks that knew the territory only; nothing calls them any more.
drop function private.national_ref(uuid, uuid, uuid, boolean, integer);
drop function private.national_stats_add(uuid, integer, integer, integer, integer);
drop function private.national_contribution_weight(uuid, text, text[], integer, integer, integer);
drop function private.national_use_add(uuid, uuid, integer, integer, integer, integer);

-- Full recount from the raw tables, both levels: of some territories, or of all (scope null) -------------
--
-- Set-based (anti-joins on participant_blocks rather than a function call per row), so a national
-- rebuild after a bulk load reads each raw table a few times. The territory level is the sum of the
-- consultation level, except the distinct participants.

create function private.national_recount(scope uuid[]) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  perform 1 from public.territories t where scope is null or t.id = any (scope) order by t.id for update;

  delete from private.consultation_participants p where scope is null or p.territory_id = any (scope);
  insert into private.consultation_participants (consultation_id, participant_id, territory_id, refs)
  select x.consultation_id, x.participant_id, x.territory_id, count(*)::int
  from (
    select c.consultation_id, c.participant_id, c.territory_id from public.contributions c
    where c.participant_id is not null and (scope is null or c.territory_id = any (scope))
    union all
    select c.consultation_id, r.participant_id, c.territory_id
    from public.reactions r join public.contributions c on c.id = r.contribution_id
    where scope is null or c.territory_id = any (scope)
    union all
    select v.consultation_id, v.participant_id, v.territory_id from public.votes v
    where scope is null or v.territory_id = any (scope)
  ) x
  group by x.consultation_id, x.participant_id, x.territory_id;

  -- Consultations: a summary row for each one that is not a draft.
  delete from public.consultation_stats s where scope is null or s.territory_id = any (scope);
  insert into public.consultation_stats
    (consultation_id, territory_id, participants, contributions_visible, hopes, fears, reactions, votes, events_total)
  select k.id, k.territory_id, coalesce(p.n, 0), coalesce(c.visible, 0), coalesce(c.hopes, 0), coalesce(c.fears, 0),
    coalesce(r.n, 0), case when k.status in ('closed', 'published') then coalesce(v.n, 0) else 0 end, coalesce(e.n, 0)
  from public.consultations k
  left join (
    select p.consultation_id, count(*)::int as n from private.consultation_participants p
    where (scope is null or p.territory_id = any (scope))
      and not exists (select 1 from public.participant_blocks b
                      where b.consultation_id = p.consultation_id and b.participant_id = p.participant_id)
    group by p.consultation_id
  ) p on p.consultation_id = k.id
  left join (
    select c.consultation_id, count(*)::int as visible, (count(*) filter (where c.kind = 'hope'))::int as hopes,
      (count(*) filter (where c.kind = 'fear'))::int as fears
    from public.contributions c
    where c.status = 'visible' and (scope is null or c.territory_id = any (scope))
    group by c.consultation_id
  ) c on c.consultation_id = k.id
  left join (
    select c.consultation_id, count(*)::int as n
    from public.reactions r join public.contributions c on c.id = r.contribution_id
    where c.status = 'visible' and (scope is null or c.territory_id = any (scope))
      and not exists (select 1 from public.participant_blocks b
                      where b.consultation_id = c.consultation_id and b.participant_id = r.participant_id)
    group by c.consultation_id
  ) r on r.consultation_id = k.id
  left join (
    select v.consultation_id, count(*)::int as n from public.votes v
    where (scope is null or v.territory_id = any (scope))
      and not exists (select 1 from public.participant_blocks b
                      where b.consultation_id = v.consultation_id and b.participant_id = v.participant_id)
    group by v.consultation_id
  ) v on v.consultation_id = k.id
  left join (
    select e.consultation_id, count(*)::int as n from public.events e
    where e.cancelled_at is null and (scope is null or e.territory_id = any (scope))
    group by e.consultation_id
  ) e on e.consultation_id = k.id
  where k.status <> 'draft' and (scope is null or k.territory_id = any (scope));

  delete from public.consultation_theme_counts t using public.consultations k
  where k.id = t.consultation_id and (scope is null or k.territory_id = any (scope));
  insert into public.consultation_theme_counts (consultation_id, kind, theme, count)
  select c.consultation_id, c.kind, x.theme, count(*)::int
  from public.contributions c join public.consultations k on k.id = c.consultation_id
  cross join lateral unnest(c.themes) as x(theme)
  where c.status = 'visible' and k.status <> 'draft' and (scope is null or k.territory_id = any (scope))
  group by c.consultation_id, c.kind, x.theme;

  delete from public.consultation_use_counts u using public.consultations k
  where k.id = u.consultation_id and (scope is null or k.territory_id = any (scope));
  insert into public.consultation_use_counts (consultation_id, ai_use_id, proscribe, conditional, accept, unsure)
  select v.consultation_id, v.ai_use_id,
    count(*) filter (where v.verdict = 'proscribe')::int, count(*) filter (where v.verdict = 'conditional')::int,
    count(*) filter (where v.verdict = 'accept')::int, count(*) filter (where v.verdict = 'unsure')::int
  from public.votes v join public.consultations k on k.id = v.consultation_id
  where k.status in ('closed', 'published') and (scope is null or k.territory_id = any (scope))
    and not exists (select 1 from public.participant_blocks b
                    where b.consultation_id = v.consultation_id and b.participant_id = v.participant_id)
  group by v.consultation_id, v.ai_use_id;

  -- Territories.
  delete from private.territory_participants p where scope is null or p.territory_id = any (scope);
  insert into private.territory_participants (territory_id, participant_id, consultations)
  select p.territory_id, p.participant_id, count(*)::int
  from private.consultation_participants p join public.consultations k on k.id = p.consultation_id
  where k.status <> 'draft' and (scope is null or p.territory_id = any (scope))
    and not exists (select 1 from public.participant_blocks b
                    where b.consultation_id = p.consultation_id and b.participant_id = p.participant_id)
  group by p.territory_id, p.participant_id;

  insert into public.territory_stats (territory_id)
  select t.id from public.territories t where scope is null or t.id = any (scope)
  on conflict do nothing;
  with people as (
    select p.territory_id, count(*)::int as n from private.territory_participants p
    where scope is null or p.territory_id = any (scope)
    group by p.territory_id
  ), sums as (
    select s.territory_id, sum(s.contributions_visible)::int as visible, sum(s.hopes)::int as hopes,
      sum(s.fears)::int as fears, sum(s.reactions)::int as reactions, sum(s.votes)::int as votes,
      sum(s.events_total)::int as events
    from public.consultation_stats s
    where scope is null or s.territory_id = any (scope)
    group by s.territory_id
  )
  update public.territory_stats s set
    participants = coalesce(people.n, 0), contributions_visible = coalesce(sums.visible, 0),
    hopes = coalesce(sums.hopes, 0), fears = coalesce(sums.fears, 0), reactions = coalesce(sums.reactions, 0),
    votes = coalesce(sums.votes, 0), events_total = coalesce(sums.events, 0), updated_at = now()
  from public.territories t
  left join people on people.territory_id = t.id
  left join sums on sums.territory_id = t.id
  where s.territory_id = t.id and (scope is null or t.id = any (scope));

  delete from public.territory_theme_counts t where scope is null or t.territory_id = any (scope);
  insert into public.territory_theme_counts (territory_id, kind, theme, count)
  select k.territory_id, c.kind, c.theme, sum(c.count)::int
  from public.consultation_theme_counts c join public.consultations k on k.id = c.consultation_id
  where scope is null or k.territory_id = any (scope)
  group by k.territory_id, c.kind, c.theme;

  delete from public.territory_use_counts t where scope is null or t.territory_id = any (scope);
  insert into public.territory_use_counts (territory_id, ai_use_id, proscribe, conditional, accept, unsure)
  select k.territory_id, u.ai_use_id, sum(u.proscribe)::int, sum(u.conditional)::int, sum(u.accept)::int,
    sum(u.unsure)::int
  from public.consultation_use_counts u join public.consultations k on k.id = u.consultation_id
  where scope is null or k.territory_id = any (scope)
  group by k.territory_id, u.ai_use_id;

  delete from public.territory_charter t where scope is null or t.territory_id = any (scope);
  insert into public.territory_charter (territory_id, version, published_at, adopted, in_progress)
  select distinct on (v.territory_id) v.territory_id, v.version, v.published_at,
    coalesce((select array_agg(c ->> 'key' order by n) from jsonb_array_elements(v.commitments) with ordinality e(c, n)
              where c ->> 'status' = 'adopted'), '{}'),
    coalesce((select array_agg(c ->> 'key' order by n) from jsonb_array_elements(v.commitments) with ordinality e(c, n)
              where c ->> 'status' = 'in_progress'), '{}')
  from public.charter_versions v
  where scope is null or v.territory_id = any (scope)
  order by v.territory_id, v.version desc;
end
$$;

create or replace function private.recount_national(territory uuid) returns void
language sql volatile security definer
set search_path = ''
as $$
  select private.national_recount(array[territory])
$$;

create function private.recount_national() returns void
language sql volatile security definer
set search_path = ''
as $$
  select private.national_recount(null)
$$;

-- Backfill: the consultation level for data that exists before this migration.
select private.recount_national();

revoke all on function private.national_pair_ref(uuid, uuid, uuid, boolean, integer),
  private.national_stats_add(uuid, uuid, integer, integer, integer, integer, integer),
  private.national_contribution_weight(uuid, uuid, text, text[], integer, integer, integer, integer),
  private.national_use_add(uuid, uuid, uuid, integer, integer, integer, integer),
  private.national_after_consultation_insert(), private.national_recount(uuid[]), private.recount_national(),
  private.national_consultations(integer, text), private.national_upcoming_events()
  from public;
grant execute on function private.national_consultations(integer, text), private.national_upcoming_events()
  to anon, authenticated, service_role;
-- Repair and bulk loads are system jobs: the service path only.
grant execute on function private.recount_national() to service_role;
