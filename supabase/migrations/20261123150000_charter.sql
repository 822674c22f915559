-- The shared charter of commitments: a versioned national template, each territory's draft, signed
-- and published versions that nobody can change afterwards, and dated follow-up entries.

-- The national template --------------------------------------------------------------------------

-- Each version is the whole list of commitments, written once:
-- [{"key": "governance", "fr": {"title", "explanation", "evidence"}, "en": {...}}, ...].
create table public.charter_templates (
  version integer primary key check (version >= 1),
  commitments jsonb not null check (jsonb_typeof(commitments) = 'array' and jsonb_array_length(commitments) between 1 and 60),
  note text not null default '' check (length(note) <= 500),
  created_by text,
  created_at timestamptz not null default now()
);

alter table public.charter_templates enable row level security;
revoke all on public.charter_templates from anon, authenticated;
-- Staff emails (created_by, signed_by) stay off the public API: anonymous visitors get the other columns.
grant select (version, commitments, note, created_at) on public.charter_templates to anon;
grant select on public.charter_templates to authenticated;
grant insert (commitments, note, created_by) on public.charter_templates to authenticated;

create function private.before_charter_template() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  lock table public.charter_templates in share row exclusive mode;
  new.version := coalesce((select max(version) from public.charter_templates), 0) + 1;
  new.created_at := now();
  -- The author is who is signed in, not what the form says.
  new.created_by := coalesce(private.current_email(), new.created_by);
  return new;
end
$$;

create trigger charter_templates_before before insert on public.charter_templates
  for each row execute function private.before_charter_template();

-- A territory's draft ----------------------------------------------------------------------------

create table public.charter_drafts (
  territory_id uuid primary key references public.territories (id) on delete cascade,
  template_version integer not null references public.charter_templates (version),
  -- Commitment 5: the uses the territory rules out (ai_uses ids), and why it differs from the votes.
  ruled_out uuid[] not null default '{}',
  ruled_out_reason text not null default '' check (length(ruled_out_reason) <= 1000),
  updated_by text,
  updated_at timestamptz not null default now()
);

alter table public.charter_drafts enable row level security;
revoke all on public.charter_drafts from anon, authenticated;
grant select on public.charter_drafts to authenticated;
grant insert (territory_id, template_version, ruled_out, ruled_out_reason, updated_by),
  update (template_version, ruled_out, ruled_out_reason, updated_by, updated_at) on public.charter_drafts to authenticated;

create table public.charter_draft_items (
  territory_id uuid not null references public.charter_drafts (territory_id) on delete cascade,
  commitment_key text not null check (commitment_key ~ '^[a-z0-9_]{2,40}$'),
  status text not null default 'not_planned' check (status in ('adopted', 'in_progress', 'not_planned')),
  target_date date,
  responsible text not null default '' check (length(responsible) <= 200),
  evidence text not null default '' check (length(evidence) <= 2000),
  links text[] not null default '{}' check (cardinality(links) <= 10),
  updated_at timestamptz not null default now(),
  primary key (territory_id, commitment_key)
);

alter table public.charter_draft_items enable row level security;
revoke all on public.charter_draft_items from anon, authenticated;
grant select on public.charter_draft_items to authenticated;
grant insert (territory_id, commitment_key, status, target_date, responsible, evidence, links),
  update (status, target_date, responsible, evidence, links, updated_at), delete on public.charter_draft_items to authenticated;

-- Every evidence link is an http(s) address.
create function private.before_charter_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select 1 from unnest(new.links) l where l !~ '^https?://[^\s]+$' or length(l) > 500) then
    raise exception 'evidence links must be http(s) addresses' using errcode = '23514', hint = 'invalid_link';
  end if;
  new.updated_at := now();
  return new;
end
$$;

create trigger charter_draft_items_before before insert or update on public.charter_draft_items
  for each row execute function private.before_charter_item();

-- Published versions: immutable ---------------------------------------------------------------------

create table public.charter_versions (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references public.territories (id) on delete cascade,
  version integer not null check (version >= 1),
  template_version integer not null references public.charter_templates (version),
  -- The commitments as published: the template's wording then, and the territory's answers.
  commitments jsonb not null check (jsonb_typeof(commitments) = 'array'),
  -- Commitment 5: the uses ruled out, what the votes proposed, and why they differ.
  ruled_out jsonb not null default '[]' check (jsonb_typeof(ruled_out) = 'array'),
  proposed jsonb not null default '[]' check (jsonb_typeof(proposed) = 'array'),
  ruled_out_reason text not null default '',
  signatory_name text not null check (length(btrim(signatory_name)) between 2 and 120),
  signatory_mandate text not null check (length(btrim(signatory_mandate)) between 2 and 160),
  signed_on date not null,
  signed_by text not null,
  published_at timestamptz not null default now(),
  unique (territory_id, version)
);
create index charter_versions_published_idx on public.charter_versions (published_at);

alter table public.charter_versions enable row level security;
revoke all on public.charter_versions from anon, authenticated;
grant select (id, territory_id, version, template_version, commitments, ruled_out, proposed, ruled_out_reason,
  signatory_name, signatory_mandate, signed_on, published_at) on public.charter_versions to anon;
grant select on public.charter_versions to authenticated;

-- Not even the table's owner changes a published version (charters here, syntheses later); only
-- the cascade that deletes its territory or consultation removes it.
create function private.published_version_immutable() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'a published version cannot be changed (%)', tg_table_name using errcode = 'P0001', hint = 'published_immutable';
end
$$;

create trigger charter_versions_immutable before update or delete on public.charter_versions
  for each row execute function private.published_version_immutable();

-- Follow-up -------------------------------------------------------------------------------------

create table public.charter_follow_ups (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references public.territories (id) on delete cascade,
  commitment_key text not null check (commitment_key ~ '^[a-z0-9_]{2,40}$'),
  happened_on date not null,
  body text not null check (length(btrim(body)) between 3 and 1000),
  link text check (link ~ '^https?://[^\s]+$' and length(link) <= 500),
  request_key uuid unique,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index charter_follow_ups_territory_idx on public.charter_follow_ups (territory_id, happened_on desc);

alter table public.charter_follow_ups enable row level security;
revoke all on public.charter_follow_ups from anon, authenticated;
grant select (id, territory_id, commitment_key, happened_on, body, link, created_at) on public.charter_follow_ups to anon;
grant select on public.charter_follow_ups to authenticated;
grant insert (territory_id, commitment_key, happened_on, body, link, request_key, created_by), delete
  on public.charter_follow_ups to authenticated;

-- Publishing ----------------------------------------------------------------------------------------

-- The uses a territory's votes propose to rule out: a majority for proscribing in one of its closed
-- consultations. Staff of the territory may ask for open ones too (provisional, `final` false); no one
-- else sees a provisional result through here (results may be held until closing).
create function private.proposed_ruled_out(territory uuid, include_open boolean default false) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'title', x.title, 'title_en', x.title_en, 'final', x.final)
    order by x.title), '[]'::jsonb)
  from (
    select t.ai_use_id as id, w.content #>> '{fr,title}' as title, w.content #>> '{en,title}' as title_en,
      bool_or(c.status in ('closed', 'published')) as final
    from public.vote_tallies t
    join public.consultations c on c.id = t.consultation_id
    join public.ai_uses u on u.id = t.ai_use_id
    join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
    where t.territory_id = territory and t.outcome = 'proscribe'
      and (c.status in ('closed', 'published')
        or (include_open and c.status = 'open' and private.is_territory_staff(territory)))
    group by t.ai_use_id, w.content
  ) x
$$;

-- An official of the territory signs and publishes its draft as the next version, in one step.
create function private.publish_charter(territory uuid, signatory_name text, signatory_mandate text, signed_on date)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  d record;
  next_version integer;
  items jsonb;
  ruled jsonb;
begin
  if not private.is_member(territory, 'official') then
    raise exception 'only an official of the territory signs its charter' using errcode = 'P0001', hint = 'not_official';
  end if;
  select * into d from public.charter_drafts where territory_id = territory for update;
  if not found then
    raise exception 'no draft to publish' using errcode = 'P0001', hint = 'no_draft';
  end if;
  -- Dates are the day in France, whatever the server's time zone.
  if signed_on > (now() at time zone 'Europe/Paris')::date or signed_on < (now() at time zone 'Europe/Paris')::date - 366 then
    raise exception 'signature date out of range' using errcode = 'P0001', hint = 'signed_on';
  end if;
  -- Commitment 5 may differ from what the votes propose, but never silently: a consultation that
  -- closed after the draft was saved can make a difference nobody has explained yet.
  if btrim(d.ruled_out_reason) = '' and exists (
    select 1 from jsonb_array_elements(private.proposed_ruled_out(territory)) p
    where not ((p ->> 'id')::uuid = any (d.ruled_out))
  ) or btrim(d.ruled_out_reason) = '' and exists (
    select 1 from unnest(d.ruled_out) r(id)
    where not exists (select 1 from jsonb_array_elements(private.proposed_ruled_out(territory)) p where (p ->> 'id')::uuid = r.id)
  ) then
    raise exception 'the ruled-out uses differ from the votes without a reason' using errcode = 'P0001', hint = 'reason_required';
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
      'key', c ->> 'key', 'fr', c -> 'fr', 'en', c -> 'en',
      'status', coalesce(i.status, 'not_planned'), 'target_date', i.target_date,
      'responsible', coalesce(i.responsible, ''), 'evidence', coalesce(i.evidence, ''),
      'links', to_jsonb(coalesce(i.links, '{}'::text[])))
    order by n), '[]'::jsonb)
  into items
  from public.charter_templates t, jsonb_array_elements(t.commitments) with ordinality as e(c, n)
  left join public.charter_draft_items i on i.territory_id = territory and i.commitment_key = e.c ->> 'key'
  where t.version = d.template_version;
  select coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'title', w.content #>> '{fr,title}', 'title_en', w.content #>> '{en,title}')
    order by w.content #>> '{fr,title}'), '[]'::jsonb)
  into ruled
  from public.ai_uses u join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
  where u.id = any (d.ruled_out);
  -- A double submit (the same draft signed the same way) gives back the version it already made.
  select v.version into next_version from public.charter_versions v
  where v.territory_id = territory
    and v.version = (select max(w.version) from public.charter_versions w where w.territory_id = territory)
    and v.commitments = items and v.ruled_out = ruled and v.ruled_out_reason = d.ruled_out_reason
    and v.template_version = d.template_version and v.signatory_name = btrim(publish_charter.signatory_name)
    and v.signatory_mandate = btrim(publish_charter.signatory_mandate) and v.signed_on = publish_charter.signed_on;
  if found then
    return next_version;
  end if;
  select coalesce(max(version), 0) + 1 into next_version from public.charter_versions where territory_id = territory;
  insert into public.charter_versions (territory_id, version, template_version, commitments, ruled_out, proposed,
    ruled_out_reason, signatory_name, signatory_mandate, signed_on, signed_by)
  values (territory, next_version, d.template_version, items, ruled, private.proposed_ruled_out(territory),
    d.ruled_out_reason, btrim(signatory_name), btrim(signatory_mandate), signed_on, coalesce(private.current_email(), 'unknown'));
  return next_version;
end
$$;

revoke all on function private.before_charter_template(), private.before_charter_item(), private.published_version_immutable(),
  private.proposed_ruled_out(uuid, boolean), private.publish_charter(uuid, text, text, date) from public;
grant execute on function private.proposed_ruled_out(uuid, boolean), private.publish_charter(uuid, text, text, date)
  to anon, authenticated, service_role;

-- Policies ------------------------------------------------------------------------------------------

create policy "Everyone reads the charter template" on public.charter_templates
  for select to anon, authenticated using (true);
create policy "National admins write a new template version" on public.charter_templates
  for insert to authenticated with check (private.is_national_admin());

create policy "Staff of the territory read its draft" on public.charter_drafts
  for select to authenticated using (private.is_territory_staff(territory_id));
create policy "Staff of the territory start its draft" on public.charter_drafts
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory edit its draft" on public.charter_drafts
  for update to authenticated
  using (private.is_territory_staff(territory_id)) with check (private.is_territory_staff(territory_id));

create policy "Staff of the territory read its draft commitments" on public.charter_draft_items
  for select to authenticated using (private.is_territory_staff(territory_id));
create policy "Staff of the territory fill in its draft commitments" on public.charter_draft_items
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory change its draft commitments" on public.charter_draft_items
  for update to authenticated
  using (private.is_territory_staff(territory_id)) with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory remove a draft commitment" on public.charter_draft_items
  for delete to authenticated using (private.is_territory_staff(territory_id));

create policy "Everyone reads published charters" on public.charter_versions
  for select to anon, authenticated using (true);

create policy "Everyone reads the follow-up of charters" on public.charter_follow_ups
  for select to anon, authenticated using (true);
create policy "Staff of the territory add follow-up entries" on public.charter_follow_ups
  for insert to authenticated with check (private.is_territory_staff(territory_id));
create policy "Staff of the territory remove a follow-up entry" on public.charter_follow_ups
  for delete to authenticated using (private.is_territory_staff(territory_id));
