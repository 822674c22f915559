-- Consultations, Café IA events and registrations.

create table public.consultations (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references public.territories (id) on delete cascade,
  title text not null check (length(title) between 3 and 200),
  description text not null default '' check (length(description) <= 5000),
  starts_on date not null,
  ends_on date not null,
  publics text[] not null default '{}'
    check (publics <@ array['all', 'youth', 'seniors', 'staff', 'officials', 'families', 'professionals']),
  status text not null default 'draft' check (status in ('draft', 'open', 'closed', 'published')),
  -- The form's idempotency key: a double submit finds the first row instead of making a second.
  request_key uuid unique,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (id, territory_id)
);
create index consultations_territory_idx on public.consultations (territory_id);

alter table public.consultations enable row level security;
revoke all on public.consultations from anon, authenticated;
grant select on public.consultations to anon, authenticated;
grant insert (territory_id, title, description, starts_on, ends_on, publics, status, request_key, created_by),
  update (title, description, starts_on, ends_on, publics, status, updated_at),
  delete on public.consultations to authenticated;

create table public.events (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null,
  territory_id uuid not null,
  code text not null unique check (code ~ '^[A-HJ-NP-Z2-9]{6}$'),
  title text not null check (length(title) between 3 and 160),
  description text not null default '' check (length(description) <= 2000),
  starts_at timestamptz not null,
  duration_minutes integer not null check (duration_minutes between 15 and 720),
  venue_name text not null check (length(venue_name) between 2 and 160),
  address text not null check (length(address) between 3 and 300),
  latitude double precision not null check (latitude between -90 and 90),
  longitude double precision not null check (longitude between -180 and 180),
  audience text not null default 'all'
    check (audience in ('all', 'youth', 'seniors', 'staff', 'officials', 'families', 'professionals')),
  capacity integer not null check (capacity between 1 and 5000),
  accessible boolean not null default false,
  accessibility_notes text not null default '' check (length(accessibility_notes) <= 500),
  online_url text check (online_url ~ '^https?://[^\s]+$' and length(online_url) <= 500),
  registration_enabled boolean not null default false,
  cancelled_at timestamptz,
  cancel_reason text check (length(cancel_reason) <= 500),
  request_key uuid unique,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (consultation_id, territory_id) references public.consultations (id, territory_id) on delete cascade,
  check ((cancelled_at is null) = (cancel_reason is null))
);
create index events_starts_at_idx on public.events (starts_at);
create index events_territory_idx on public.events (territory_id);
create index events_consultation_idx on public.events (consultation_id);

alter table public.events enable row level security;
revoke all on public.events from anon, authenticated;
grant select on public.events to anon, authenticated;
grant insert (consultation_id, territory_id, title, description, starts_at, duration_minutes, venue_name, address,
    latitude, longitude, audience, capacity, accessible, accessibility_notes, online_url, registration_enabled, request_key,
    created_by),
  update (title, description, starts_at, duration_minutes, venue_name, address, latitude, longitude, audience, capacity,
    accessible, accessibility_notes, online_url, registration_enabled, cancelled_at, cancel_reason, updated_at)
  on public.events to authenticated;

create table public.registrations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  participant_id uuid references public.participants (id) on delete cascade,
  first_name text not null check (length(first_name) between 1 and 60),
  email text check (email is null or (email = lower(email) and email like '%_@_%' and length(email) <= 254)),
  status text not null default 'waiting' check (status in ('confirmed', 'waiting', 'cancelled')),
  cancel_token_hash text not null unique,
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  reminder_sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index registrations_event_idx on public.registrations (event_id, status, created_at);
create index registrations_participant_idx on public.registrations (participant_id);
-- One live registration per participant and event (a double submit never makes two).
create unique index registrations_one_per_participant on public.registrations (event_id, participant_id)
  where status <> 'cancelled';

alter table public.registrations enable row level security;
revoke all on public.registrations from anon, authenticated;
grant select, delete on public.registrations to authenticated;
grant insert (event_id, participant_id, first_name, email, cancel_token_hash, locale), update (status, updated_at)
  on public.registrations to authenticated;

-- Helpers -----------------------------------------------------------------------------------------

create function private.is_territory_staff(territory uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.is_member(territory) or private.is_national_admin()
$$;

create function private.consultation_is_public(consultation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft')
$$;

create function private.is_event_staff(event uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e where e.id = event and private.is_territory_staff(e.territory_id)
  )
$$;

-- A fresh join code: 6 characters without the look-alikes O/0 and I/1.
create function private.new_event_code() returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  candidate text;
begin
  loop
    select string_agg(substr(alphabet, 1 + floor(random() * 32)::int, 1), '')
      into candidate from generate_series(1, 6);
    exit when not exists (select 1 from public.events where code = candidate);
  end loop;
  return candidate;
end
$$;

alter table public.events alter column code set default private.new_event_code();

-- Capacity is enforced here, under a lock on the event row, so concurrent registrations can never
-- confirm more people than there are places; freed places go to the waiting list in order.
create function private.place_registration() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  ev record;
  taken integer;
  queued integer;
begin
  select e.capacity, e.registration_enabled, e.cancelled_at, e.starts_at
    into ev from public.events e where e.id = new.event_id for update;
  if not found or not ev.registration_enabled or ev.cancelled_at is not null or ev.starts_at < now() then
    raise exception 'registration closed' using errcode = 'P0001', hint = 'registration_closed';
  end if;
  select count(*) filter (where status = 'confirmed'), count(*) filter (where status = 'waiting')
    into taken, queued from public.registrations where event_id = new.event_id;
  new.status := case when taken < ev.capacity and queued = 0 then 'confirmed' else 'waiting' end;
  return new;
end
$$;

create function private.fill_event(event uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  cap integer;
  taken integer;
begin
  select e.capacity into cap from public.events e where e.id = event for update;
  select count(*) into taken from public.registrations r where r.event_id = event and r.status = 'confirmed';
  if taken < cap then
    update public.registrations set status = 'confirmed', updated_at = now()
    where id in (
      select r.id from public.registrations r
      where r.event_id = event and r.status = 'waiting'
      order by r.created_at, r.id
      limit cap - taken
    );
  end if;
end
$$;

create function private.after_registration_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.fill_event(coalesce(new.event_id, old.event_id));
  return null;
end
$$;

create function private.after_capacity_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.fill_event(new.id);
  return null;
end
$$;

create trigger registrations_place before insert on public.registrations
  for each row execute function private.place_registration();
create trigger registrations_refill after update of status or delete on public.registrations
  for each row execute function private.after_registration_change();
create trigger events_refill after update of capacity on public.events
  for each row when (new.capacity > old.capacity) execute function private.after_capacity_change();

-- A consultation moves forward only: draft → open → closed → published.
create function private.consultation_status_forward() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  steps constant text[] := array['draft', 'open', 'closed', 'published'];
begin
  if array_position(steps, new.status) < array_position(steps, old.status) then
    raise exception 'a consultation cannot go back from % to %', old.status, new.status
      using errcode = 'P0001', hint = 'status_backwards';
  end if;
  return new;
end
$$;

create trigger consultations_status_forward before update of status on public.consultations
  for each row execute function private.consultation_status_forward();

-- How many places are taken and how many wait: public figures, no personal data.
create function private.event_places(event uuid, out confirmed integer, out waiting integer)
language sql stable security definer
set search_path = ''
as $$
  select count(*) filter (where r.status = 'confirmed')::int, count(*) filter (where r.status = 'waiting')::int
  from public.registrations r where r.event_id = event
$$;

-- A registration cancelled by its link (the person may not have the cookie any more).
create function private.cancel_registration(token_hash text) returns uuid
language sql volatile security definer
set search_path = ''
as $$
  update public.registrations set status = 'cancelled', updated_at = now()
  where cancel_token_hash = token_hash and status <> 'cancelled'
  returning event_id
$$;

create function private.registration_by_token(token_hash text)
returns table (event_id uuid, first_name text, status text)
language sql stable security definer
set search_path = ''
as $$
  select r.event_id, r.first_name, r.status from public.registrations r where r.cancel_token_hash = token_hash
$$;

revoke all on function private.is_territory_staff(uuid), private.consultation_is_public(uuid), private.is_event_staff(uuid),
  private.new_event_code(), private.place_registration(), private.fill_event(uuid), private.after_registration_change(),
  private.after_capacity_change(), private.cancel_registration(text), private.registration_by_token(text),
  private.event_places(uuid) from public;
grant execute on function private.is_territory_staff(uuid), private.consultation_is_public(uuid), private.is_event_staff(uuid),
  private.new_event_code(), private.cancel_registration(text), private.registration_by_token(text),
  private.event_places(uuid)
  to anon, authenticated, service_role;

-- Policies ----------------------------------------------------------------------------------------

create policy "Everyone reads consultations that are not drafts; staff read their drafts" on public.consultations
  for select to anon, authenticated
  using (status <> 'draft' or (select private.is_territory_staff(territory_id)));
create policy "Staff of the territory open consultations" on public.consultations
  for insert to authenticated with check ((select private.is_territory_staff(territory_id)));
create policy "Staff of the territory change its consultations" on public.consultations
  for update to authenticated
  using ((select private.is_territory_staff(territory_id)))
  with check ((select private.is_territory_staff(territory_id)));
create policy "Staff of the territory delete its draft consultations" on public.consultations
  for delete to authenticated using (status = 'draft' and (select private.is_territory_staff(territory_id)));

create policy "Everyone reads the events of public consultations; staff read all of theirs" on public.events
  for select to anon, authenticated
  using (private.consultation_is_public(consultation_id) or private.is_territory_staff(territory_id));
create policy "Staff of the territory schedule events" on public.events
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory edit and cancel its events" on public.events
  for update to authenticated
  using (private.is_territory_staff(territory_id))
  with check (private.is_territory_staff(territory_id));

create policy "Participants read their own registrations; staff read their events'" on public.registrations
  for select to authenticated
  using (participant_id = (select auth.uid()) or private.is_event_staff(event_id));
create policy "Participants register themselves" on public.registrations
  for insert to authenticated
  with check (
    participant_id = (select auth.uid())
    and coalesce(((select auth.jwt()) ->> 'is_anonymous')::boolean, false)
    and private.consultation_is_public((select e.consultation_id from public.events e where e.id = event_id))
  );
create policy "Participants cancel their own registrations" on public.registrations
  for update to authenticated
  using (participant_id = (select auth.uid()))
  with check (participant_id = (select auth.uid()) and status = 'cancelled');
create policy "Staff delete the registrations of their events" on public.registrations
  for delete to authenticated using (private.is_event_staff(event_id));
