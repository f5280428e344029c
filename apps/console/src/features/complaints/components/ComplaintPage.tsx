// One complaint: its rounds with their steps, its promises counting down, the timeline, and buttons for
// exactly the actions its state allows, each with its form (the handling report among them). A 409 from a
// race shows the new state and what is open in it, as the case page does.
import { Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import {
  ActionDialog,
  ActionsCard,
  CardTitle,
  ConflictAlert,
  LoadFailure,
  TimelineCard,
  useActionDialog,
} from '../../../shared/record-page';
import { useBranchZone } from '../../branches/api/get-branches';
import { Countdown } from '../../cases/components/Countdown';
import {
  type ComplaintAction,
  type ComplaintActionCall,
  useComplaint,
  useComplaintAction,
} from '../api/complaints';
import { ComplaintActionFields } from './ComplaintActionFields';

type Commitment = Schemas['ComplaintCommitmentDto'];
type Round = Schemas['ComplaintRoundDto'];
type Complaint = Schemas['ComplaintDetailDto'];
type Time = (iso?: string | null) => string;
const STEPS = ['acknowledged', 'answerPromise', 'contacted', 'result', 'report', 'callback'] as const;

export function ComplaintPage() {
  const { number = '' } = useParams();
  const { t } = useTranslation();
  const complaint = useComplaint(number);
  const zone = useBranchZone(complaint.data?.branchId);
  const here = browserTimeZone();
  const act = useComplaintAction(number);
  const dialog = useActionDialog<ComplaintAction, ComplaintActionCall>(act, (action, values) => {
    const body = { ...values };
    if (body.answerBy) body.answerBy = (body.answerBy as Dayjs).toISOString();
    if (action === 'report') body.staffInvolved = [];
    return { action, body } as ComplaintActionCall;
  });

  if (complaint.isPending) return <Spin />;
  if (complaint.error) return <LoadFailure error={complaint.error} />;
  const c = complaint.data;
  const time: Time = (iso) => (iso ? formatTime(iso, zone, here) : t('common.none'));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space align="baseline" wrap>
          <Typography.Text type="secondary">{t('complaints.title')}</Typography.Text>
          <h1 style={{ fontSize: 44, letterSpacing: 2, margin: 0, fontVariantNumeric: 'tabular-nums' }}>
            {c.number}
          </h1>
          <Tag color="blue" style={{ fontSize: 16 }}>
            {t(`complaints.state.${c.state}`)}
          </Tag>
          <Tag>{t('complaints.round', { round: c.round, limit: c.roundLimit })}</Tag>
          {c.breached && <Tag color="red">{t('commitmentStatus.breached')}</Tag>}
        </Space>
      </Card>

      <ConflictAlert show={dialog.conflict} state={t(`complaints.state.${c.state}`)} />
      <ActionsCard
        actions={c.allowedActions}
        label={(a) => t(`complaints.action.${a}`)}
        onOpen={dialog.setOpen}
      />
      <ComplaintDetails c={c} time={time} />
      <PromisesCard commitments={c.commitments} time={time} />
      <RoundsCard c={c} time={time} />
      <TimelineCard entries={c.timeline} time={time} />

      <ActionDialog
        title={dialog.open ? t(`complaints.action.${dialog.open}`) : undefined}
        form={dialog.form}
        pending={act.isPending}
        error={act.error}
        onSubmit={dialog.submit}
        onClose={() => dialog.setOpen(undefined)}
      >
        {dialog.open && <ComplaintActionFields action={dialog.open} />}
      </ActionDialog>
    </Space>
  );
}

function ComplaintDetails({ c, time }: { c: Complaint; time: Time }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('case.customer')}>
          {c.customer.name} · {c.customer.phone}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.department')}>
          {t(`department.${c.department}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.complexity')}>
          {t(`complaints.${c.complexity}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.received')}>{time(c.receivedAt)}</Descriptions.Item>
        {c.sourceCaseNumber && (
          <Descriptions.Item label={t('case.title')}>
            <Link to={`/cases/${encodeURIComponent(c.sourceCaseNumber)}`}>{c.sourceCaseNumber}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('intake.description')} span={2}>
          {c.description}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function PromisesCard({ commitments, time }: { commitments: Commitment[]; time: Time }) {
  const { t } = useTranslation();
  return (
    <Card title={<CardTitle>{t('complaints.promises')}</CardTitle>}>
      <Table<Commitment>
        rowKey="id"
        pagination={false}
        size="small"
        dataSource={commitments}
        columns={[
          {
            key: 'kind',
            title: t('case.commitment'),
            render: (_, m) => {
              const [kind] = m.kind.split('#');
              return `${t(`commitmentKind.${kind}`, { defaultValue: kind })} #${m.round}`;
            },
          },
          {
            key: 'status',
            title: t('case.status'),
            render: (_, m) => {
              const status = m.breached ? 'breached' : m.status;
              return (
                <Tag color={{ breached: 'red', met: 'green', paused: 'blue' }[status as string]}>
                  {t(`commitmentStatus.${status}`)}
                </Tag>
              );
            },
          },
          { key: 'due', title: t('case.due'), render: (_, m) => time(m.dueAt) },
          {
            key: 'countdown',
            title: t('case.countdown'),
            render: (_, m) =>
              m.status === 'running' && m.dueAt ? (
                <Countdown deadline={{ dueAt: m.dueAt, warnAt: m.warnAt, breached: m.breached }} />
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function RoundsCard({ c, time }: { c: Complaint; time: Time }) {
  const { t } = useTranslation();
  const stepText = (round: Round, step: (typeof STEPS)[number]) => {
    const s = round[step];
    if (!s) return undefined;
    const detail =
      step === 'answerPromise' && round.answerPromise
        ? round.answerPromise.answer
        : step === 'contacted'
          ? round.contacted?.note
          : step === 'result' && round.result
            ? round.result.result
            : step === 'report' && round.report
              ? `${t('complaints.cause')}: ${round.report.cause} · ${t('complaints.actionTaken')}: ${round.report.actionTaken}`
              : step === 'callback' && round.callback
                ? t(`complaints.outcome.${round.callback.satisfied ? 'satisfied' : 'not_satisfied'}`)
                : undefined;
    return `${t(`complaints.step.${step}`)} · ${time(s.at)} · ${s.by}${detail ? ` — ${detail}` : ''}`;
  };
  return (
    <Card title={<CardTitle>{t('complaints.rounds')}</CardTitle>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {c.rounds.map((round) => (
          <section
            key={round.round}
            aria-label={t('complaints.round', { round: round.round, limit: c.roundLimit })}
          >
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('complaints.round', { round: round.round, limit: c.roundLimit })} ·{' '}
              {t(`complaints.outcome.${round.outcome}`)}
            </Typography.Title>
            <ul>
              {round.forwardedTo && (
                <li>
                  {t('complaints.step.forwardedTo')} · {t(`department.${round.forwardedTo.department}`)}
                  {round.forwardedTo.supervisor?.name ? ` · ${round.forwardedTo.supervisor.name}` : ''}
                </li>
              )}
              {STEPS.map((step) => {
                const text = stepText(round, step);
                return text ? <li key={step}>{text}</li> : null;
              })}
            </ul>
          </section>
        ))}
      </Space>
    </Card>
  );
}
