-- Hopes and fears: contributions, reactions, reports, moderation, participant profiles, rate limits.

-- Words that hold a contribution for review (French and English insults; matched as whole words,
-- without accents). Kept in the database so every app instance and every path applies the same rule.
create table private.blocked_words (word text primary key);
alter table private.blocked_words enable row level security;
revoke all on private.blocked_words from anon, authenticated;
insert into private.blocked_words (word) values
  ('connard'), ('connards'), ('connasse'), ('conne'), ('con'), ('cons'), ('salaud'), ('salauds'), ('salope'),
  ('encule'), ('encules'), ('enculer'), ('pute'), ('putes'), ('batard'), ('batards'), ('merde'), ('merdes'),
  ('emmerdeur'), ('abruti'), ('abrutis'), ('cretin'), ('cretins'), ('debile'), ('debiles'), ('fdp'), ('ntm'),
  ('pd'), ('tapette'), ('negre'), ('bougnoule'), ('youpin'), ('bicot'), ('raton'), ('gouine'), ('nique'), ('niquer'),
  ('idiot'), ('idiots'), ('imbecile'), ('imbeciles'), ('bouffon'), ('bouffons'), ('trouduc'),
  ('fuck'), ('fucking'), ('fucker'), ('shit'), ('bitch'), ('bitches'), ('bastard'), ('bastards'), ('asshole'),
  ('assholes'), ('dickhead'), ('cunt'), ('whore'), ('slut'), ('moron'), ('morons'), ('retard'), ('retarded'),
  ('faggot'), ('nigger'), ('wanker'), ('twat'), ('scumbag');

-- Why a text must be held for review: 'email', 'phone', 'insult', or null.
create function private.screen_text(body text) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  plain text := lower(translate(body,
    'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝ',
    'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY'));
begin
  if body ~* '[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}' then return 'email'; end if;
  if regexp_replace(body, '[\s.()-]', '', 'g') ~ '(\+33|0033|(^|[^0-9])0)[1-9][0-9]{8}([^0-9]|$)' then return 'phone'; end if;
  if exists (select 1 from private.blocked_words w where plain ~ ('\m' || w.word || '\M')) then return 'insult'; end if;
  return null;
end
$$;

create table public.contributions (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null,
  territory_id uuid not null,
  event_id uuid references public.events (id) on delete set null,
  participant_id uuid references public.participants (id) on delete cascade,
  kind text not null check (kind in ('hope', 'fear')),
  body text not null check (length(btrim(body)) between 3 and 500),
  themes text[] not null check (
    cardinality(themes) between 1 and 2
    and themes <@ array['jobs', 'environment', 'privacy', 'surveillance', 'bias', 'transparency', 'inclusion',
      'human_oversight', 'democracy', 'sovereignty', 'service_quality', 'efficiency']
  ),
  source text not null default 'online' check (source in ('online', 'paper')),
  status text not null default 'visible' check (status in ('visible', 'held', 'hidden')),
  held_reason text check (held_reason in ('email', 'phone', 'insult')),
  entered_by text,
  request_key uuid unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade,
  check ((source = 'paper') = (participant_id is null))
);
create index contributions_consultation_idx on public.contributions (consultation_id, status, created_at);
create index contributions_event_idx on public.contributions (event_id);
create index contributions_participant_idx on public.contributions (participant_id, created_at);

alter table public.contributions enable row level security;
revoke all on public.contributions from anon, authenticated;
grant select on public.contributions to anon, authenticated;
grant insert (consultation_id, territory_id, event_id, participant_id, kind, body, themes, source, entered_by, request_key),
  update (body, themes, updated_at), delete
  on public.contributions to authenticated;

create table public.contribution_counts (
  contribution_id uuid primary key references public.contributions (id) on delete cascade,
  agree integer not null default 0 check (agree >= 0),
  disagree integer not null default 0 check (disagree >= 0),
  pass integer not null default 0 check (pass >= 0),
  reports integer not null default 0 check (reports >= 0)
);
alter table public.contribution_counts enable row level security;
revoke all on public.contribution_counts from anon, authenticated;
-- Visitors may join on these tables; with no policy for them they see no rows.
grant select on public.contribution_counts to anon, authenticated;

create table public.reactions (
  contribution_id uuid not null references public.contributions (id) on delete cascade,
  participant_id uuid not null references public.participants (id) on delete cascade,
  value text not null check (value in ('agree', 'disagree', 'pass')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (contribution_id, participant_id)
);
create index reactions_participant_idx on public.reactions (participant_id);
alter table public.reactions enable row level security;
revoke all on public.reactions from anon, authenticated;
grant select on public.reactions to anon;
grant select, delete on public.reactions to authenticated;
grant insert (contribution_id, participant_id, value), update (value, updated_at) on public.reactions to authenticated;

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  contribution_id uuid not null references public.contributions (id) on delete cascade,
  participant_id uuid not null references public.participants (id) on delete cascade,
  reason text not null check (reason in ('off_topic', 'insulting', 'personal_data', 'other')),
  created_at timestamptz not null default now(),
  unique (contribution_id, participant_id)
);
alter table public.reports enable row level security;
revoke all on public.reports from anon, authenticated;
grant select on public.reports to anon;
grant select, delete on public.reports to authenticated;
grant insert (contribution_id, participant_id, reason) on public.reports to authenticated;

create table public.moderation_log (
  id uuid primary key default gen_random_uuid(),
  contribution_id uuid not null references public.contributions (id) on delete cascade,
  territory_id uuid not null references public.territories (id) on delete cascade,
  action text not null check (action in ('hide', 'restore')),
  reason text not null check (length(btrim(reason)) between 3 and 500),
  actor text not null,
  created_at timestamptz not null default now()
);
create index moderation_log_contribution_idx on public.moderation_log (contribution_id, created_at);
create index moderation_log_territory_idx on public.moderation_log (territory_id, created_at);
alter table public.moderation_log enable row level security;
revoke all on public.moderation_log from anon, authenticated;
grant select on public.moderation_log to authenticated;

create table public.participant_profiles (
  participant_id uuid primary key references public.participants (id) on delete cascade,
  skipped boolean not null default false,
  age_bracket text check (age_bracket in ('under_18', '18_24', '25_34', '35_49', '50_64', '65_74', '75_plus')),
  commune_code text check (commune_code ~ '^[0-9][0-9AB][0-9]{3}$'),
  ai_use text check (ai_use in ('never', 'rarely', 'monthly', 'weekly', 'daily')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.participant_profiles enable row level security;
revoke all on public.participant_profiles from anon, authenticated;
grant select, delete on public.participant_profiles to authenticated;
grant insert (participant_id, skipped, age_bracket, commune_code, ai_use),
  update (skipped, age_bracket, commune_code, ai_use, updated_at) on public.participant_profiles to authenticated;

-- Rate limits, in the database so they hold across app instances. Buckets: a participant, an event,
-- a network (a salted hash the app puts in the token's `net` claim, never the raw address).
create table private.rate_counters (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (bucket, window_start)
);
alter table private.rate_counters enable row level security;
revoke all on private.rate_counters from anon, authenticated;

create function private.take_rate(key text, max_hits integer, window_seconds integer) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  slot timestamptz := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);
  used integer;
begin
  insert into private.rate_counters as c (bucket, window_start, hits) values (key, slot, 1)
  on conflict (bucket, window_start) do update set hits = c.hits + 1
  returning hits into used;
  return used <= max_hits;
end
$$;

-- Helpers ------------------------------------------------------------------------------------------

create function private.is_contribution_staff(contribution uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.contributions c where c.id = contribution and private.is_territory_staff(c.territory_id)
  )
$$;

create function private.is_visible_contribution(contribution uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.contributions c where c.id = contribution and c.status = 'visible')
$$;

create function private.has_reacted(contribution uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.reactions r where r.contribution_id = contribution and r.participant_id = (select auth.uid())
  )
$$;

create function private.consultation_is_open(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.consultations c where c.id = consultation and c.status = 'open')
$$;

-- How many reactions a contribution has, all kinds together: the agree/disagree split stays hidden
-- until the person has reacted, but the order needs to know what has been little seen.
create function private.reaction_total(contribution uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select n.agree + n.disagree + n.pass from public.contribution_counts n where n.contribution_id = contribution), 0)
$$;

-- Screening, rate limits and the facts a participant cannot choose, before a contribution is written.
create function private.before_contribution() returns trigger
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
         or (new.event_id is not null and not private.take_rate('event:' || new.event_id, 1200, 60))
         or (claims ? 'net' and not private.take_rate('net:' || (claims ->> 'net'), 3000, 300)) then
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

create trigger contributions_before before insert or update of body, themes on public.contributions
  for each row execute function private.before_contribution();

create function private.after_contribution_insert() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.contribution_counts (contribution_id) values (new.id) on conflict do nothing;
  return null;
end
$$;

create trigger contributions_counts after insert on public.contributions
  for each row execute function private.after_contribution_insert();

-- Reaction counts kept exact by the database, whatever the concurrency.
create function private.after_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update public.contribution_counts set
      agree = agree - (old.value = 'agree')::int,
      disagree = disagree - (old.value = 'disagree')::int,
      pass = pass - (old.value = 'pass')::int
    where contribution_id = old.contribution_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update public.contribution_counts set
      agree = agree + (new.value = 'agree')::int,
      disagree = disagree + (new.value = 'disagree')::int,
      pass = pass + (new.value = 'pass')::int
    where contribution_id = new.contribution_id;
  end if;
  return null;
end
$$;

create trigger reactions_count after insert or update of value or delete on public.reactions
  for each row execute function private.after_reaction();

create function private.before_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.take_rate('react:' || new.participant_id, 120, 60) then
    raise exception 'rate limited' using errcode = 'P0001', hint = 'rate_limited';
  end if;
  new.updated_at := now();
  return new;
end
$$;

create trigger reactions_before before insert or update on public.reactions
  for each row execute function private.before_reaction();

create function private.after_report() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.contribution_counts set reports = reports + 1 where contribution_id = new.contribution_id;
  return null;
end
$$;

create trigger reports_count after insert on public.reports
  for each row execute function private.after_report();

-- Hiding or restoring is one function: the change and its log line are written together, by staff
-- of the contribution's territory only. Moderation never deletes.
create function private.moderate_contribution(contribution uuid, action text, reason text) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c record;
begin
  select id, territory_id, status into c from public.contributions where id = contribution for update;
  if not found or not private.is_territory_staff(c.territory_id) then
    return false;
  end if;
  if action not in ('hide', 'restore') or length(btrim(coalesce(reason, ''))) < 3 or length(reason) > 500 then
    raise exception 'invalid moderation' using errcode = 'P0001', hint = 'invalid_moderation';
  end if;
  update public.contributions set status = case when action = 'hide' then 'hidden' else 'visible' end
  where id = contribution;
  insert into public.moderation_log (contribution_id, territory_id, action, reason, actor)
  values (contribution, c.territory_id, action, btrim(reason), coalesce(private.current_email(), 'unknown'));
  return true;
end
$$;

revoke all on function private.screen_text(text), private.take_rate(text, integer, integer),
  private.is_contribution_staff(uuid), private.is_visible_contribution(uuid), private.has_reacted(uuid),
  private.consultation_is_open(uuid), private.before_contribution(), private.after_contribution_insert(),
  private.after_reaction(), private.before_reaction(), private.after_report(),
  private.moderate_contribution(uuid, text, text), private.reaction_total(uuid) from public;
grant execute on function private.reaction_total(uuid), private.is_contribution_staff(uuid), private.is_visible_contribution(uuid),
  private.has_reacted(uuid), private.consultation_is_open(uuid), private.moderate_contribution(uuid, text, text)
  to anon, authenticated, service_role;

-- Policies ------------------------------------------------------------------------------------------

create policy "Everyone reads visible contributions; authors their own; staff their territory's" on public.contributions
  for select to anon, authenticated
  using (
    (status = 'visible' and private.consultation_is_public(consultation_id))
    or participant_id = (select auth.uid())
    or private.is_territory_staff(territory_id)
  );
create policy "Participants post to open consultations" on public.contributions
  for insert to authenticated
  with check (
    source = 'online'
    and participant_id = (select auth.uid())
    and coalesce(((select auth.jwt()) ->> 'is_anonymous')::boolean, false)
    and entered_by is null
    and (event_id is null or exists (
      select 1 from public.events e where e.id = event_id and e.consultation_id = contributions.consultation_id))
  );
create policy "Staff of the territory type in paper contributions" on public.contributions
  for insert to authenticated
  with check (source = 'paper' and participant_id is null and private.is_territory_staff(territory_id));
create policy "Authors edit their contribution for 10 minutes" on public.contributions
  for update to authenticated
  using (participant_id = (select auth.uid()) and created_at > now() - interval '10 minutes' and status <> 'hidden')
  with check (participant_id = (select auth.uid()));
create policy "Authors delete their contribution for 10 minutes" on public.contributions
  for delete to authenticated
  using (participant_id = (select auth.uid()) and created_at > now() - interval '10 minutes');

create policy "Counts are shown to those who reacted, and to staff" on public.contribution_counts
  for select to authenticated
  using (private.has_reacted(contribution_id) or private.is_contribution_staff(contribution_id));

create policy "Participants read their own reactions" on public.reactions
  for select to authenticated using (participant_id = (select auth.uid()));
create policy "Participants react to visible contributions" on public.reactions
  for insert to authenticated
  with check (
    participant_id = (select auth.uid())
    and coalesce(((select auth.jwt()) ->> 'is_anonymous')::boolean, false)
    and private.is_visible_contribution(contribution_id)
  );
create policy "Participants change their own reactions" on public.reactions
  for update to authenticated
  using (participant_id = (select auth.uid()))
  with check (participant_id = (select auth.uid()) and private.is_visible_contribution(contribution_id));
create policy "Participants withdraw their own reactions" on public.reactions
  for delete to authenticated using (participant_id = (select auth.uid()));

create policy "Participants read their reports; staff their territory's" on public.reports
  for select to authenticated
  using (participant_id = (select auth.uid()) or private.is_contribution_staff(contribution_id));
create policy "Participants report visible contributions" on public.reports
  for insert to authenticated
  with check (
    participant_id = (select auth.uid())
    and coalesce(((select auth.jwt()) ->> 'is_anonymous')::boolean, false)
    and private.is_visible_contribution(contribution_id)
  );
create policy "Participants withdraw their own reports" on public.reports
  for delete to authenticated using (participant_id = (select auth.uid()));

create policy "Staff read the moderation log of their territory" on public.moderation_log
  for select to authenticated using (private.is_territory_staff(territory_id));

create policy "Participants manage their own profile" on public.participant_profiles
  for all to authenticated
  using (participant_id = (select auth.uid()))
  with check (participant_id = (select auth.uid()));
