-- Foundation: territories, the people who act for them, participants, deployment settings.
-- Identity comes from the access token's claims (auth.jwt()); app roles live in tables.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Territories -----------------------------------------------------------------------------------

create table public.territories (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
  kind text not null check (kind in ('commune', 'epci', 'departement', 'region')),
  epci_type text check (epci_type is null or kind = 'epci'),
  code text not null check (code ~ '^[0-9A-Z]{2,9}$'),
  name text not null check (length(name) between 1 and 200),
  population integer check (population >= 0),
  departement_code text,
  region_code text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  created_at timestamptz not null default now(),
  unique (kind, code)
);
create index territories_departement_idx on public.territories (departement_code);
create index territories_region_idx on public.territories (region_code);

alter table public.territories enable row level security;
revoke all on public.territories from anon, authenticated;
grant select on public.territories to anon, authenticated;
grant insert, update on public.territories to authenticated;

-- National admins (by email: the verified email claim of a staff access token) ----------------

create table public.national_admins (
  email text primary key check (email = lower(email) and email like '%_@_%'),
  source text not null default 'granted' check (source in ('env', 'granted')),
  created_at timestamptz not null default now()
);

alter table public.national_admins enable row level security;
revoke all on public.national_admins from anon, authenticated;
grant select on public.national_admins to authenticated;

-- Memberships: a person (email) acts for a territory as facilitator or official -------------------

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and email like '%_@_%' and length(email) <= 254),
  territory_id uuid not null references public.territories (id) on delete cascade,
  role text not null check (role in ('facilitator', 'official')),
  granted_by text,
  created_at timestamptz not null default now(),
  unique (email, territory_id, role)
);
create index memberships_territory_idx on public.memberships (territory_id);
create index memberships_email_idx on public.memberships (email);

alter table public.memberships enable row level security;
revoke all on public.memberships from anon, authenticated;
grant select, insert, delete on public.memberships to authenticated;

-- Participants: pseudonymous citizens issued by the app, acting with is_anonymous claims ----------

create table public.participants (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now()
);

alter table public.participants enable row level security;
revoke all on public.participants from anon, authenticated;
grant insert on public.participants to anon;
grant select, delete on public.participants to authenticated;

-- Deployment settings (one row) ---------------------------------------------------------------

create table public.deployment (
  id boolean primary key default true check (id),
  demo_data boolean not null default false,
  seeded_at timestamptz
);

alter table public.deployment enable row level security;
revoke all on public.deployment from anon, authenticated;
grant select on public.deployment to anon, authenticated;

-- Helpers (security definer, not exposed, empty search_path) ------------------------------------

create function private.current_email() returns text
language sql stable
set search_path = ''
as $$
  select case
    when coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then null
    else nullif(lower(auth.jwt() ->> 'email'), '')
  end
$$;

create function private.is_national_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.national_admins a where a.email = private.current_email()
  )
$$;

create function private.is_member(territory uuid, member_role text default null) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.territory_id = territory
      and m.email = private.current_email()
      and (member_role is null or m.role = member_role)
  )
$$;

revoke all on function private.current_email(), private.is_national_admin(), private.is_member(uuid, text) from public;
grant execute on function private.current_email(), private.is_national_admin(), private.is_member(uuid, text)
  to anon, authenticated, service_role;

-- Policies ----------------------------------------------------------------------------------------

create policy "Everyone reads territories" on public.territories
  for select to anon, authenticated using (true);
create policy "National admins add territories" on public.territories
  for insert to authenticated with check ((select private.is_national_admin()));
create policy "National admins update territories" on public.territories
  for update to authenticated
  using ((select private.is_national_admin())) with check ((select private.is_national_admin()));

create policy "Staff read their own admin status and admins read all" on public.national_admins
  for select to authenticated
  using (email = (select private.current_email()) or (select private.is_national_admin()));

create policy "Staff read their memberships, their territories' and admins all" on public.memberships
  for select to authenticated
  using (
    email = (select private.current_email())
    or (select private.is_national_admin())
    or private.is_member(territory_id)
  );
create policy "National admins grant roles" on public.memberships
  for insert to authenticated with check ((select private.is_national_admin()));
create policy "National admins revoke roles" on public.memberships
  for delete to authenticated using ((select private.is_national_admin()));

create policy "Visitors become participants" on public.participants
  for insert to anon with check (true);
create policy "Participants read their own row" on public.participants
  for select to authenticated using (id = (select auth.uid()));
create policy "Participants delete their own row" on public.participants
  for delete to authenticated using (id = (select auth.uid()));

create policy "Everyone reads the deployment settings" on public.deployment
  for select to anon, authenticated using (true);
