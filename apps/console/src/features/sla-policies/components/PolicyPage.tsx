import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Progress,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import {
  rulesOf,
  useCreateDraft,
  usePolicy,
  usePolicyVersion,
  usePolicyVersions,
  useImpact,
  usePreview,
  usePublish,
  useRollout,
  type PolicyVersion,
  type PreviewBody,
  type PreviewResult,
} from '../api/policies';
import {
  diffRules,
  fieldName,
  type Aspect,
  type CommitmentRule,
  type DiffRow,
  type PolicyRule,
} from '../lib/rules';
import { RulesTable } from './RulesTable';
import { budgetText, clockText, commitmentName, matchText, stepWords } from './words';

/**
 * Places a 422 on the editor's cells (the API names them `rules[0].commitments[1].budget.amount`);
 * returns what no cell could take, to show above the table.
 */
function placeErrors(form: FormInstance, error: Error): string[] {
  if (!(error instanceof ApiError)) return [error.message];
  const known = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const unplaced: string[] = [];
  const fields = Object.entries(error.fieldErrors).flatMap(([path, errors]) => {
    const name = fieldName(path);
    if (known.has(JSON.stringify(name))) return [{ name, errors }];
    unplaced.push(...errors.map((e) => `${path}: ${e}`));
    return [];
  });
  form.setFields(fields);
  return fields.length || unplaced.length ? unplaced : [error.message];
}

export function PolicyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const policy = usePolicy(id);
  const versions = usePolicyVersions(id);
  const [editing, setEditing] = useState(false);
  const [publishing, setPublishing] = useState<number>();
  const [job, setJob] = useState<string>();

  if (policy.isPending) return <Spin />;
  if (policy.error) {
    const missing = policy.error instanceof ApiError && policy.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('common.notFound') : t('common.offline')}
        subTitle={policy.error.message}
      />
    );
  }
  const p = policy.data;
  const current = rulesOf(p.current);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {p.name} <Tag>{p.id}</Tag>
      </Typography.Title>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('policies.currentVersion')}>{p.currentVersion}</Descriptions.Item>
        <Descriptions.Item label={t('policies.usedBy')}>
          {p.usedByBranches.length ? p.usedByBranches.join(', ') : t('common.none')}
        </Descriptions.Item>
      </Descriptions>
      {p.unusedWarning && <Alert type="warning" showIcon title={p.unusedWarning} />}

      {editing ? (
        <Editor
          policyId={id}
          version={p.currentVersion}
          rules={current}
          onClose={() => setEditing(false)}
          onSaved={(version) => {
            setEditing(false);
            setPublishing(version);
          }}
        />
      ) : (
        <Card
          title={
            <h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.rules', { version: p.currentVersion })}</h2>
          }
          extra={
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('policies.edit')}
            </Button>
          }
        >
          <RulesTable rules={current} editing={false} />
        </Card>
      )}

      {publishing !== undefined && (
        <PublishForm
          policyId={id}
          version={publishing}
          onPublished={(rollout) => {
            setPublishing(undefined);
            setJob(rollout);
          }}
        />
      )}
      {job && <RolloutProgress jobId={job} />}

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.versions.title')}</h2>}>
        <Table<Omit<PolicyVersion, 'rules'>>
          rowKey="version"
          size="small"
          pagination={false}
          loading={versions.isLoading}
          dataSource={versions.data}
          columns={[
            { key: 'version', title: t('policies.versions.version'), dataIndex: 'version' },
            {
              key: 'status',
              title: t('policies.versions.status'),
              render: (_, v) => (
                <Tag color={v.status === 'published' ? 'green' : v.status === 'draft' ? 'blue' : 'default'}>
                  {t(`policies.versions.${v.status === 'published' ? 'current' : v.status}`)}
                </Tag>
              ),
            },
            {
              key: 'created',
              title: t('policies.versions.created'),
              render: (_, v) =>
                `${formatTime(v.createdAt, browserTimeZone(), browserTimeZone())} · ${v.createdBy}${
                  v.note ? ` · ${v.note}` : ''
                }`,
            },
            {
              key: 'published',
              title: t('policies.versions.published'),
              render: (_, v) =>
                v.publishedAt
                  ? `${formatTime(v.publishedAt, browserTimeZone(), browserTimeZone())} · ${v.publishedBy ?? ''}`
                  : '',
            },
            { key: 'reason', title: t('policies.versions.reason'), render: (_, v) => v.reason ?? '' },
            {
              key: 'publish',
              title: '',
              render: (_, v) =>
                v.status === 'draft' && (
                  <Button size="small" onClick={() => setPublishing(v.version)}>
                    {t('policies.versions.publish', { version: v.version })}
                  </Button>
                ),
            },
          ]}
        />
      </Card>

      {versions.data && versions.data.length > 1 && (
        <Compare policyId={id} versions={versions.data.map((v) => v.version)} current={p.currentVersion} />
      )}
    </Space>
  );
}

function Editor(props: {
  policyId: string;
  version: number;
  rules: PolicyRule[];
  onClose: () => void;
  onSaved: (version: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const draft = useCreateDraft(props.policyId);
  const values = () => form.getFieldsValue(true) as { rules: PolicyRule[]; note?: string };

  const save = () => {
    setUnplaced([]);
    const { rules, note } = values();
    draft.mutate(
      { rules, note: note || undefined },
      {
        onSuccess: (saved) => {
          void message.success(t('policies.draftSaved', { version: saved.version }));
          props.onSaved(saved.version);
        },
        onError: (error) => setUnplaced(placeErrors(form, error)),
      },
    );
  };

  return (
    <Form form={form} initialValues={{ rules: structuredClone(props.rules), note: '' }} layout="vertical">
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card
          title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.edit')}</h2>}
          extra={<Button onClick={props.onClose}>{t('policies.stopEditing')}</Button>}
        >
          {draft.isError && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('policies.fixFields')}
              description={unplaced.length ? unplaced.join('; ') : undefined}
            />
          )}
          <RulesTable rules={props.rules} editing />
          <Form.Item name="note" label={t('policies.note')} style={{ marginTop: 16 }}>
            <Input maxLength={2000} />
          </Form.Item>
          <Button type="primary" loading={draft.isPending} onClick={save}>
            {t('policies.saveDraft')}
          </Button>
        </Card>
        <PreviewCard
          policyId={props.policyId}
          version={props.version}
          rules={() => values().rules}
          onInvalid={(error) => setUnplaced(placeErrors(form, error))}
        />
      </Space>
    </Form>
  );
}

type Facts = Required<Pick<PreviewBody, 'kind' | 'category' | 'tier'>>;
const KINDS = ['service_request', 'inquiry', 'complaint'];
const CATEGORIES: Facts['category'][] = ['technical', 'service', 'sales', 'other'];
const TIERS: Facts['tier'][] = ['standard', 'gold'];

/** Before publishing: what a case received now is promised under the version in force and with the changes. */
function PreviewCard(props: {
  policyId: string;
  version: number;
  rules: () => PolicyRule[];
  onInvalid: (error: Error) => void;
}) {
  const { t } = useTranslation();
  const [facts, setFacts] = useState<Facts>({
    kind: 'service_request',
    category: 'technical',
    tier: 'standard',
  });
  const before = usePreview();
  const after = usePreview();
  const impact = useImpact(props.policyId);
  const here = browserTimeZone();

  const run = () => {
    const receivedAt = new Date().toISOString();
    const base = { ...facts, receivedAt, policyId: props.policyId };
    before.mutate({ ...base, version: props.version });
    const rules = props.rules();
    after.mutate(
      { ...base, rules: rules as unknown as Record<string, never>[] },
      { onError: props.onInvalid },
    );
    impact.mutate(rules);
  };

  const rows = previewRows(before.data, after.data);
  const select = (key: keyof Facts, options: string[], word: (o: string) => string) => (
    <Select
      aria-label={t(`policies.preview.${key}`)}
      value={facts[key]}
      style={{ width: 160 }}
      onChange={(value: string) => setFacts({ ...facts, [key]: value })}
      options={options.map((o) => ({ value: o, label: word(o) }))}
    />
  );

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.preview.title')}</h2>}>
      <Space wrap style={{ marginBottom: 12 }}>
        {select('kind', KINDS, (o) => t(`policies.caseKind.${o}`))}
        {select('category', CATEGORIES, (o) => t(`category.${o}`))}
        {select('tier', TIERS, (o) => t(`tier.${o}`))}
        <Button onClick={run} loading={before.isPending || after.isPending || impact.isPending}>
          {t('policies.preview.run')}
        </Button>
      </Space>
      {impact.data && (
        <section
          aria-label={t('policies.preview.openCases', {
            moved: impact.data.movedTotal,
            total: impact.data.total,
          })}
        >
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('policies.preview.openCases', { moved: impact.data.movedTotal, total: impact.data.total })}
          </Typography.Title>
          <Table
            rowKey={(r) => `${r.caseNumber}/${r.commitmentId}`}
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={impact.data.moved}
            locale={{ emptyText: t('policies.preview.noneMoves') }}
            style={{ marginBottom: 16 }}
            columns={[
              {
                key: 'case',
                title: t('policies.preview.case'),
                render: (_, r) => (
                  <Link to={`/cases/${encodeURIComponent(r.caseNumber)}`}>{r.caseNumber}</Link>
                ),
              },
              { key: 'kind', title: t('policies.commitment'), render: (_, r) => commitmentName(t, r.kind) },
              {
                key: 'before',
                title: t('policies.preview.now', { version: props.version }),
                render: (_, r) => formatTime(r.dueAt, here, here),
              },
              {
                key: 'after',
                title: t('policies.preview.after'),
                render: (_, r) =>
                  r.newDueAt ? formatTime(r.newDueAt, here, here) : t('policies.preview.gone'),
              },
              {
                key: 'moved',
                title: t('policies.preview.moved'),
                render: (_, r) => (
                  <>
                    {movedBy(r.dueAt, r.newDueAt)}
                    {r.estimate && <Tag>{t('policies.preview.estimate')}</Tag>}
                  </>
                ),
              },
            ]}
          />
        </section>
      )}
      {before.data && after.data && (
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('policies.preview.sample')}
        </Typography.Title>
      )}
      {before.data && after.data && (
        <Table
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { key: 'kind', title: t('policies.commitment'), render: (_, r) => commitmentName(t, r.kind) },
            {
              key: 'before',
              title: t('policies.preview.now', { version: props.version }),
              render: (_, r) => (r.before ? formatTime(r.before, here, here) : t('policies.preview.new')),
            },
            {
              key: 'after',
              title: t('policies.preview.after'),
              render: (_, r) => (r.after ? formatTime(r.after, here, here) : t('policies.preview.gone')),
            },
            {
              key: 'moved',
              title: t('policies.preview.moved'),
              render: (_, r) => movedBy(r.before, r.after),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** "+30 min" / "−15 min" between two deadlines; "unchanged" when they are the same. */
function MovedBy({ before, after }: { before?: string | null; after?: string | null }) {
  const { t } = useTranslation();
  if (!before || !after) return null;
  const minutes = Math.round((Date.parse(after) - Date.parse(before)) / 60_000);
  if (minutes === 0) return <>{t('policies.preview.same')}</>;
  const text = budgetText(t, { amount: Math.abs(minutes), unit: 'minutes' });
  return <Tag color={minutes > 0 ? 'blue' : 'orange'}>{`${minutes > 0 ? '+' : '−'}${text}`}</Tag>;
}

const movedBy = (before?: string | null, after?: string | null) => <MovedBy before={before} after={after} />;

function previewRows(before?: PreviewResult, after?: PreviewResult) {
  const kinds = [
    ...new Set([...(before?.commitments ?? []), ...(after?.commitments ?? [])].map((c) => c.kind)),
  ];
  return kinds.map((kind) => ({
    kind,
    before: before?.commitments.find((c) => c.kind === kind)?.dueAt,
    after: after?.commitments.find((c) => c.kind === kind)?.dueAt,
  }));
}

function PublishForm(props: { policyId: string; version: number; onPublished: (rollout?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const publish = usePublish(props.policyId);
  return (
    <Card
      title={
        <h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.publish.title', { version: props.version })}</h2>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reason: '', applyToOpenCases: true }}
        onFinish={(values: { reason: string; applyToOpenCases: boolean }) =>
          publish.mutate(
            { ...values, version: props.version },
            {
              onSuccess: (result) => {
                void message.success(t('policies.publish.done', { version: result.version }));
                props.onPublished(result.rollout?.id);
              },
              onError: (error) => {
                if (
                  !applyFieldErrors(form, error).length &&
                  !(error instanceof ApiError && error.status === 422)
                )
                  void message.error(error.message);
              },
            },
          )
        }
      >
        <Form.Item name="reason" label={t('policies.publish.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="applyToOpenCases" valuePropName="checked">
          <Checkbox>{t('policies.publish.applyToOpenCases')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          {t('policies.publish.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The re-planning of open cases after a publish, polled until it is done. */
function RolloutProgress({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const rollout = useRollout(jobId);
  const r = rollout.data;
  const done = r ? r.signalled + r.skipped : 0;
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.publish.rollout')}</h2>}>
      {!r ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Progress
            percent={r.total ? Math.round((done / r.total) * 100) : 100}
            status={r.failed ? 'exception' : r.status === 'done' ? 'success' : 'active'}
            aria-label={t('policies.publish.rollout')}
          />
          <Typography.Text role="status">
            {t('policies.publish.progress', { done, total: r.total })} ·{' '}
            {r.status === 'done'
              ? t('policies.publish.finished', { version: r.version ?? '' })
              : t('policies.publish.running')}
          </Typography.Text>
          {r.failed > 0 && (
            <Alert type="error" showIcon title={t('policies.publish.failed', { count: r.failed })} />
          )}
        </Space>
      )}
    </Card>
  );
}

function Compare({ policyId, versions, current }: { policyId: string; versions: number[]; current: number }) {
  const { t } = useTranslation();
  const newest = Math.max(...versions);
  // Until a version is picked: the newest against the one before it (the current one when a draft is newest).
  const [picked, setPicked] = useState<{ left?: number; right?: number }>({});
  const left =
    picked.left ?? (newest === current ? Math.max(...versions.filter((v) => v !== newest)) : current);
  const right = picked.right ?? newest;
  const setLeft = (v: number) => setPicked({ ...picked, left: v });
  const setRight = (v: number) => setPicked({ ...picked, right: v });
  const a = usePolicyVersion(policyId, left);
  const b = usePolicyVersion(policyId, right);
  const rows = a.data && b.data ? diffRules(rulesOf(a.data), rulesOf(b.data)) : [];
  const changed = rows.filter((r) => r.changed.length);
  const options = versions.map((v) => ({ value: v, label: v }));

  const cell = (c: CommitmentRule | undefined, row: DiffRow, missing: string) => {
    if (!c) return <Typography.Text type="secondary">{missing}</Typography.Text>;
    const mark = (aspect: Aspect, text: string) =>
      row.changed.includes(aspect) && row.left && row.right ? <mark>{text}</mark> : text;
    return (
      <>
        <div>
          {mark('budget', budgetText(t, c.budget))} · {mark('clock', clockText(t, c.clock))} ·{' '}
          {mark('calendarId', c.calendarId)}
        </div>
        <div>{mark('ladder', c.ladder.map((s) => stepWords(t, s)).join(' → '))}</div>
      </>
    );
  };

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('policies.compare.title')}</h2>}>
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('policies.compare.left')}
          value={left}
          onChange={setLeft}
          options={options}
          style={{ width: 100 }}
        />
        <Select
          aria-label={t('policies.compare.right')}
          value={right}
          onChange={setRight}
          options={options}
          style={{ width: 100 }}
        />
      </Space>
      {a.data && b.data && !changed.length ? (
        <Alert type="info" title={t('policies.compare.noDifference')} />
      ) : (
        <Table<DiffRow>
          rowKey="key"
          size="small"
          pagination={false}
          loading={a.isLoading || b.isLoading}
          dataSource={changed}
          columns={[
            { key: 'match', title: t('policies.match'), render: (_, r) => matchText(t, r.match) },
            { key: 'kind', title: t('policies.commitment'), render: (_, r) => commitmentName(t, r.kind) },
            {
              key: 'left',
              title: `${t('policies.versions.version')} ${left}`,
              render: (_, r) => cell(r.left, r, t('policies.compare.onlyRight')),
            },
            {
              key: 'right',
              title: `${t('policies.versions.version')} ${right}`,
              render: (_, r) => cell(r.right, r, t('policies.compare.onlyLeft')),
            },
          ]}
        />
      )}
    </Card>
  );
}
