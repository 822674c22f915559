-- Votes on the uses of AI to proscribe: a versioned catalogue (national and local uses), the uses a
-- consultation puts to the vote, one vote per participant, use and consultation, exact tallies kept by
-- the database, and participants blocked by moderation (their votes never count).

-- The catalogue ------------------------------------------------------------------------------------

create table public.ai_uses (
  id uuid primary key default gen_random_uuid(),
  -- Null: the national catalogue, kept by national admins. Otherwise a territory's own use.
  territory_id uuid references public.territories (id) on delete cascade,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  -- The current wording; each version is kept in ai_use_versions. Set by the database.
  version integer not null default 0,
  domain text not null default 'administration'
    check (domain in ('reception', 'administration', 'hr', 'security', 'social', 'environment', 'infrastructure',
      'communication', 'culture_sport', 'planning', 'education', 'health', 'mobility')),
  risk_tier text not null default 'minimal' check (risk_tier in ('minimal', 'limited', 'high', 'unacceptable')),
  archived_at timestamptz,
  request_key uuid unique,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ai_uses_territory_idx on public.ai_uses (territory_id);

alter table public.ai_uses enable row level security;
revoke all on public.ai_uses from anon, authenticated;
-- Who wrote a use (a staff email) is not for the public API: anonymous visitors get the other columns.
grant select (id, territory_id, slug, version, domain, risk_tier, archived_at, created_at, updated_at) on public.ai_uses to anon;
grant select on public.ai_uses to authenticated;
grant insert (territory_id, slug, request_key, created_by), update (archived_at, updated_at) on public.ai_uses to authenticated;

-- One row per wording. A vote names the version its voter saw; versions are never changed or deleted.
create table public.ai_use_versions (
  ai_use_id uuid not null references public.ai_uses (id) on delete cascade,
  version integer not null check (version >= 1),
  domain text not null,
  risk_tier text not null check (risk_tier in ('minimal', 'limited', 'high', 'unacceptable')),
  -- {"fr": {"title", "what", "example", "risks"}, "en": {...}}: French required, English optional.
  content jsonb not null check (
    jsonb_typeof(content -> 'fr') = 'object'
    and length(content #>> '{fr,title}') between 3 and 160
    and length(content #>> '{fr,what}') between 10 and 1000
    and coalesce(length(content #>> '{fr,example}'), 0) <= 1000
    and coalesce(length(content #>> '{fr,risks}'), 0) <= 1000
    and (content -> 'en' is null or (
      jsonb_typeof(content -> 'en') = 'object'
      and length(content #>> '{en,title}') between 3 and 160
      and length(content #>> '{en,what}') between 10 and 1000
      and coalesce(length(content #>> '{en,example}'), 0) <= 1000
      and coalesce(length(content #>> '{en,risks}'), 0) <= 1000))
  ),
  created_by text,
  created_at timestamptz not null default now(),
  primary key (ai_use_id, version)
);

alter table public.ai_use_versions enable row level security;
revoke all on public.ai_use_versions from anon, authenticated;
grant select (ai_use_id, version, domain, risk_tier, content, created_at) on public.ai_use_versions to anon;
grant select on public.ai_use_versions to authenticated;
grant insert (ai_use_id, domain, risk_tier, content, created_by) on public.ai_use_versions to authenticated;

-- Who keeps a use: national admins the national catalogue, staff of a territory its own uses.
create function private.can_edit_ai_use(ai_use uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.ai_uses u
    where u.id = ai_use
      and case when u.territory_id is null then private.is_national_admin() else private.is_territory_staff(u.territory_id) end
  )
$$;

-- A new wording takes the next number and becomes the current one, under a lock on the use.
create function private.before_ai_use_version() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  current integer;
begin
  select u.version into current from public.ai_uses u where u.id = new.ai_use_id for update;
  new.version := current + 1;
  new.created_at := now();
  new.content := jsonb_strip_nulls(new.content);
  return new;
end
$$;

create trigger ai_use_versions_before before insert on public.ai_use_versions
  for each row execute function private.before_ai_use_version();

create function private.after_ai_use_version() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.ai_uses set version = new.version, domain = new.domain, risk_tier = new.risk_tier, updated_at = now()
  where id = new.ai_use_id;
  return null;
end
$$;

create trigger ai_use_versions_after after insert on public.ai_use_versions
  for each row execute function private.after_ai_use_version();

-- Consultations: when results are shown, and when voting closed -----------------------------------

alter table public.consultations
  add column results_visibility text not null default 'after_vote' check (results_visibility in ('after_vote', 'after_close')),
  add column closed_at timestamptz;
grant update (results_visibility) on public.consultations to authenticated;

create function private.stamp_consultation_closed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.status in ('closed', 'published') and new.closed_at is null then
    new.closed_at := now();
  end if;
  return new;
end
$$;

create trigger consultations_closed_at before insert or update of status on public.consultations
  for each row execute function private.stamp_consultation_closed();

-- The uses a consultation puts to the vote ---------------------------------------------------------

create table public.consultation_ai_uses (
  consultation_id uuid not null,
  territory_id uuid not null,
  ai_use_id uuid not null references public.ai_uses (id),
  position integer not null default 0 check (position between 0 and 1000),
  created_at timestamptz not null default now(),
  primary key (consultation_id, ai_use_id),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade
);
create index consultation_ai_uses_use_idx on public.consultation_ai_uses (ai_use_id);
create index consultation_ai_uses_territory_idx on public.consultation_ai_uses (territory_id);

alter table public.consultation_ai_uses enable row level security;
revoke all on public.consultation_ai_uses from anon, authenticated;
grant select on public.consultation_ai_uses to anon, authenticated;
grant insert (consultation_id, territory_id, ai_use_id, position), update (position), delete
  on public.consultation_ai_uses to authenticated;

-- A consultation selects national uses or its own territory's, never an archived one, and only
-- before it closes.
create function private.before_consultation_ai_use() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Deleting a consultation or a territory takes its selection with it.
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  if tg_op = 'INSERT' and not exists (
    select 1 from public.ai_uses u
    where u.id = new.ai_use_id and u.archived_at is null and u.version > 0
      and (u.territory_id is null or u.territory_id = new.territory_id)
  ) then
    raise exception 'this use cannot be selected' using errcode = 'P0001', hint = 'use_unavailable';
  end if;
  if exists (
    select 1 from public.consultations c
    where c.id = coalesce(new.consultation_id, old.consultation_id) and c.status in ('closed', 'published')
  ) then
    raise exception 'the consultation is closed' using errcode = 'P0001', hint = 'consultation_closed';
  end if;
  return coalesce(new, old);
end
$$;

create trigger consultation_ai_uses_before before insert or update or delete on public.consultation_ai_uses
  for each row execute function private.before_consultation_ai_use();

-- Participants blocked by moderation in a consultation ----------------------------------------------

create table public.participant_blocks (
  consultation_id uuid not null,
  territory_id uuid not null,
  participant_id uuid not null references public.participants (id) on delete cascade,
  reason text not null check (length(btrim(reason)) between 3 and 500),
  actor text not null,
  created_at timestamptz not null default now(),
  primary key (consultation_id, participant_id),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade
);
create index participant_blocks_participant_idx on public.participant_blocks (participant_id);

alter table public.participant_blocks enable row level security;
revoke all on public.participant_blocks from anon, authenticated;
grant select on public.participant_blocks to authenticated;

create function private.is_blocked(consultation uuid, participant uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.participant_blocks b where b.consultation_id = consultation and b.participant_id = participant)
$$;

-- A blocked participant no longer posts, edits or reacts in that consultation.
create function private.refuse_blocked_contribution() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.participant_id is not null and private.is_blocked(new.consultation_id, new.participant_id) then
    raise exception 'participant blocked' using errcode = 'P0001', hint = 'blocked';
  end if;
  return new;
end
$$;

create trigger contributions_refuse_blocked before insert or update of body, themes on public.contributions
  for each row execute function private.refuse_blocked_contribution();

create function private.refuse_blocked_reaction() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (
    select 1 from public.contributions c
    where c.id = new.contribution_id and private.is_blocked(c.consultation_id, new.participant_id)
  ) then
    raise exception 'participant blocked' using errcode = 'P0001', hint = 'blocked';
  end if;
  return new;
end
$$;

create trigger reactions_refuse_blocked before insert or update on public.reactions
  for each row execute function private.refuse_blocked_reaction();

-- Votes --------------------------------------------------------------------------------------------

create table public.votes (
  consultation_id uuid not null,
  ai_use_id uuid not null,
  participant_id uuid not null references public.participants (id) on delete cascade,
  territory_id uuid not null,
  event_id uuid references public.events (id) on delete set null,
  ai_use_version integer not null,
  verdict text not null check (verdict in ('proscribe', 'conditional', 'accept', 'unsure')),
  conditions text[] not null default '{}' check (
    conditions <@ array['human_oversight', 'transparency', 'eu_hosting', 'bias_audit', 'human_alternative']
  ),
  other_condition text check (length(btrim(other_condition)) between 3 and 300),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (consultation_id, ai_use_id, participant_id),
  foreign key (consultation_id, ai_use_id) references public.consultation_ai_uses (consultation_id, ai_use_id),
  foreign key (ai_use_id, ai_use_version) references public.ai_use_versions (ai_use_id, version),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade,
  -- Conditions belong to a conditional verdict, and a conditional verdict names at least one.
  check (case when verdict = 'conditional'
    then cardinality(conditions) > 0 or other_condition is not null
    else cardinality(conditions) = 0 and other_condition is null end)
);
create index votes_participant_idx on public.votes (participant_id);
create index votes_territory_idx on public.votes (territory_id);

alter table public.votes enable row level security;
revoke all on public.votes from anon, authenticated;
-- No delete: a vote is changed, not withdrawn; deleting one's data (the participant row) removes it.
grant select on public.votes to anon, authenticated; -- anon may join; no policy gives it rows
grant insert (consultation_id, ai_use_id, participant_id, territory_id, event_id, ai_use_version, verdict, conditions, other_condition),
  update (ai_use_version, verdict, conditions, other_condition, updated_at, event_id)
  on public.votes to authenticated;

-- The tallies: one row per use put to the vote, kept exact by the triggers below.
create table public.vote_tallies (
  consultation_id uuid not null,
  ai_use_id uuid not null,
  territory_id uuid not null,
  proscribe integer not null default 0 check (proscribe >= 0),
  conditional integer not null default 0 check (conditional >= 0),
  accept integer not null default 0 check (accept >= 0),
  unsure integer not null default 0 check (unsure >= 0),
  human_oversight integer not null default 0 check (human_oversight >= 0),
  transparency integer not null default 0 check (transparency >= 0),
  eu_hosting integer not null default 0 check (eu_hosting >= 0),
  bias_audit integer not null default 0 check (bias_audit >= 0),
  human_alternative integer not null default 0 check (human_alternative >= 0),
  other_condition integer not null default 0 check (other_condition >= 0),
  total integer generated always as (proscribe + conditional + accept + unsure) stored,
  -- The rule, stated on every result screen: a verdict wins with more than half of all votes cast
  -- ("je ne sais pas" included); otherwise there is no majority.
  outcome text generated always as (
    case
      when proscribe * 2 > proscribe + conditional + accept + unsure then 'proscribe'
      when conditional * 2 > proscribe + conditional + accept + unsure then 'conditional'
      when accept * 2 > proscribe + conditional + accept + unsure then 'accept'
      when unsure * 2 > proscribe + conditional + accept + unsure then 'unsure'
      else 'none'
    end) stored,
  primary key (consultation_id, ai_use_id),
  foreign key (consultation_id, ai_use_id) references public.consultation_ai_uses (consultation_id, ai_use_id) on delete cascade
);
create index vote_tallies_territory_idx on public.vote_tallies (territory_id);

alter table public.vote_tallies enable row level security;
revoke all on public.vote_tallies from anon, authenticated;
grant select on public.vote_tallies to anon, authenticated;

create function private.after_consultation_ai_use() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.vote_tallies (consultation_id, ai_use_id, territory_id)
  values (new.consultation_id, new.ai_use_id, new.territory_id) on conflict do nothing;
  return null;
end
$$;

create trigger consultation_ai_uses_tally after insert on public.consultation_ai_uses
  for each row execute function private.after_consultation_ai_use();

-- Adds (sign 1) or removes (sign -1) one vote's weight in its tally.
create function private.tally_vote(v public.votes, sign integer) returns void
language sql volatile security definer
set search_path = ''
as $$
  update public.vote_tallies set
    proscribe = proscribe + sign * (v.verdict = 'proscribe')::int,
    conditional = conditional + sign * (v.verdict = 'conditional')::int,
    accept = accept + sign * (v.verdict = 'accept')::int,
    unsure = unsure + sign * (v.verdict = 'unsure')::int,
    human_oversight = human_oversight + sign * ('human_oversight' = any (v.conditions))::int,
    transparency = transparency + sign * ('transparency' = any (v.conditions))::int,
    eu_hosting = eu_hosting + sign * ('eu_hosting' = any (v.conditions))::int,
    bias_audit = bias_audit + sign * ('bias_audit' = any (v.conditions))::int,
    human_alternative = human_alternative + sign * ('human_alternative' = any (v.conditions))::int,
    other_condition = other_condition + sign * (v.other_condition is not null)::int
  where consultation_id = v.consultation_id and ai_use_id = v.ai_use_id
$$;

-- Recounts a consultation's tallies from its votes, leaving out blocked participants.
create function private.recount_tallies(consultation uuid) returns void
language sql volatile security definer
set search_path = ''
as $$
  with s as (
    select t0.ai_use_id,
      count(v.verdict) filter (where v.verdict = 'proscribe') as proscribe,
      count(v.verdict) filter (where v.verdict = 'conditional') as conditional,
      count(v.verdict) filter (where v.verdict = 'accept') as accept,
      count(v.verdict) filter (where v.verdict = 'unsure') as unsure,
      count(v.verdict) filter (where 'human_oversight' = any (v.conditions)) as human_oversight,
      count(v.verdict) filter (where 'transparency' = any (v.conditions)) as transparency,
      count(v.verdict) filter (where 'eu_hosting' = any (v.conditions)) as eu_hosting,
      count(v.verdict) filter (where 'bias_audit' = any (v.conditions)) as bias_audit,
      count(v.verdict) filter (where 'human_alternative' = any (v.conditions)) as human_alternative,
      count(v.verdict) filter (where v.other_condition is not null) as other_condition
    from public.vote_tallies t0
    left join public.votes v on v.consultation_id = t0.consultation_id and v.ai_use_id = t0.ai_use_id
      and not private.is_blocked(v.consultation_id, v.participant_id)
    where t0.consultation_id = consultation
    group by t0.ai_use_id
  )
  update public.vote_tallies t set
    proscribe = s.proscribe, conditional = s.conditional, accept = s.accept, unsure = s.unsure,
    human_oversight = s.human_oversight, transparency = s.transparency, eu_hosting = s.eu_hosting,
    bias_audit = s.bias_audit, human_alternative = s.human_alternative, other_condition = s.other_condition
  from s
  where t.consultation_id = consultation and t.ai_use_id = s.ai_use_id
$$;

-- Before a vote is written: the consultation must be open (checked under a share lock, so closing
-- waits for votes in flight and no vote lands after it), the voter not blocked, and within limits.
create function private.before_vote() returns trigger
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
     or (claims ? 'net' and not private.take_rate('net-vote:' || (claims ->> 'net'), 20000, 300)) then
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

create trigger votes_before before insert or update on public.votes
  for each row execute function private.before_vote();

create function private.after_vote() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and not private.is_blocked(old.consultation_id, old.participant_id) then
    perform private.tally_vote(old, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and not private.is_blocked(new.consultation_id, new.participant_id) then
    perform private.tally_vote(new, 1);
  end if;
  return null;
end
$$;

create trigger votes_tally after insert or update or delete on public.votes
  for each row execute function private.after_vote();

-- A participant deleting their data takes their votes out of the tallies first, while any block
-- still stands (the cascades would otherwise remove the block before the votes, and subtract votes
-- the tallies never counted).
create function private.before_participant_delete() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.votes where participant_id = old.id;
  return old;
end
$$;

create trigger participants_drop_votes before delete on public.participants
  for each row execute function private.before_participant_delete();

-- Blocking (and unblocking) an author: staff of the territory only, from one of their contributions;
-- the consultation is locked so no vote is counted in between, then its tallies are recounted.
create function private.block_author(contribution uuid, reason text) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c record;
begin
  select id, consultation_id, territory_id, participant_id into c from public.contributions where id = contribution;
  if not found or c.participant_id is null or not private.is_territory_staff(c.territory_id) then
    return false;
  end if;
  if length(btrim(coalesce(reason, ''))) < 3 or length(reason) > 500 then
    raise exception 'invalid moderation' using errcode = 'P0001', hint = 'invalid_moderation';
  end if;
  perform 1 from public.consultations where id = c.consultation_id for update;
  insert into public.participant_blocks (consultation_id, territory_id, participant_id, reason, actor)
  values (c.consultation_id, c.territory_id, c.participant_id, btrim(reason), coalesce(private.current_email(), 'unknown'))
  on conflict do nothing;
  perform private.recount_tallies(c.consultation_id);
  return true;
end
$$;

create function private.unblock_author(contribution uuid) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c record;
begin
  select id, consultation_id, territory_id, participant_id into c from public.contributions where id = contribution;
  if not found or c.participant_id is null or not private.is_territory_staff(c.territory_id) then
    return false;
  end if;
  perform 1 from public.consultations where id = c.consultation_id for update;
  delete from public.participant_blocks where consultation_id = c.consultation_id and participant_id = c.participant_id;
  perform private.recount_tallies(c.consultation_id);
  return true;
end
$$;

-- Who sees a use's results: staff of the territory always; everyone once the consultation closed;
-- a participant who voted on that use while it is open, unless the facilitator chose "after closing".
create function private.can_read_tally(consultation uuid, ai_use uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.consultations c
    where c.id = consultation and (
      private.is_territory_staff(c.territory_id)
      or c.status in ('closed', 'published')
      or (c.status = 'open' and c.results_visibility = 'after_vote' and exists (
        select 1 from public.votes v
        where v.consultation_id = consultation and v.ai_use_id = ai_use and v.participant_id = (select auth.uid())))
    )
  )
$$;

-- How many people voted (blocked ones left out), for whoever may read at least one of the
-- consultation's results; null for anyone else (the count alone would hint at the trend).
create function private.count_voters(consultation uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select case when exists (
      select 1 from public.vote_tallies t where t.consultation_id = consultation and private.can_read_tally(consultation, t.ai_use_id))
    then (select count(distinct v.participant_id)::int from public.votes v
          where v.consultation_id = consultation and not private.is_blocked(v.consultation_id, v.participant_id))
  end
$$;

revoke all on function private.can_edit_ai_use(uuid), private.before_ai_use_version(), private.after_ai_use_version(),
  private.stamp_consultation_closed(), private.before_consultation_ai_use(), private.is_blocked(uuid, uuid),
  private.after_consultation_ai_use(), private.tally_vote(public.votes, integer), private.recount_tallies(uuid),
  private.before_vote(), private.after_vote(), private.before_participant_delete(),
  private.refuse_blocked_contribution(), private.refuse_blocked_reaction(), private.block_author(uuid, text),
  private.unblock_author(uuid), private.can_read_tally(uuid, uuid), private.count_voters(uuid) from public;
grant execute on function private.is_blocked(uuid, uuid) to authenticated, service_role;
grant execute on function private.can_edit_ai_use(uuid), private.block_author(uuid, text),
  private.unblock_author(uuid), private.can_read_tally(uuid, uuid), private.count_voters(uuid)
  to anon, authenticated, service_role;
grant execute on function private.recount_tallies(uuid) to service_role;

-- Policies ------------------------------------------------------------------------------------------

create policy "Everyone reads the catalogue of AI uses" on public.ai_uses
  for select to anon, authenticated using (true);
create policy "National admins add national uses; staff add their territory's" on public.ai_uses
  for insert to authenticated
  with check (
    case when territory_id is null then private.is_national_admin() else private.is_territory_staff(territory_id) end
  );
create policy "Those who keep a use archive it" on public.ai_uses
  for update to authenticated
  using (private.can_edit_ai_use(id))
  with check (private.can_edit_ai_use(id));

create policy "Everyone reads every wording of the uses" on public.ai_use_versions
  for select to anon, authenticated using (true);
create policy "Those who keep a use write its new wording" on public.ai_use_versions
  for insert to authenticated with check (private.can_edit_ai_use(ai_use_id));

create policy "Everyone reads the uses put to the vote of public consultations; staff their own" on public.consultation_ai_uses
  for select to anon, authenticated
  using (private.consultation_is_public(consultation_id) or private.is_territory_staff(territory_id));
create policy "Staff of the territory choose the uses put to the vote" on public.consultation_ai_uses
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory order the uses put to the vote" on public.consultation_ai_uses
  for update to authenticated
  using (private.is_territory_staff(territory_id)) with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory withdraw a use nobody voted on" on public.consultation_ai_uses
  for delete to authenticated using (private.is_territory_staff(territory_id));

create policy "Staff of the territory see who is blocked" on public.participant_blocks
  for select to authenticated using (private.is_territory_staff(territory_id));

create policy "Participants read their own votes; staff their territory's" on public.votes
  for select to authenticated
  using (participant_id = (select auth.uid()) or private.is_territory_staff(territory_id));
create policy "Participants vote on the uses of a consultation" on public.votes
  for insert to authenticated
  with check (
    participant_id = (select auth.uid())
    and coalesce(((select auth.jwt()) ->> 'is_anonymous')::boolean, false)
    and (event_id is null or exists (
      select 1 from public.events e where e.id = event_id and e.consultation_id = votes.consultation_id))
  );
create policy "Participants change their own votes" on public.votes
  for update to authenticated
  using (participant_id = (select auth.uid()))
  with check (
    participant_id = (select auth.uid())
    and (event_id is null or exists (
      select 1 from public.events e where e.id = event_id and e.consultation_id = votes.consultation_id))
  );

create policy "Results are shown to voters, to staff, and to everyone once closed" on public.vote_tallies
  for select to anon, authenticated using (private.can_read_tally(consultation_id, ai_use_id));
