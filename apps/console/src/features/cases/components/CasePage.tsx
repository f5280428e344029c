import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import {
  browserTimeZone,
  formatTime,
  onWorkingTime,
  weekdayTime,
  workingBudget,
  type Language,
} from '../../../lib/time';
import {
  ActionDialog,
  ActionsCard,
  CardTitle,
  ConflictAlert,
  LoadFailure,
  TimelineCard,
  useActionDialog,
} from '../../../shared/record-page';
import { useBranches, useBranchZone } from '../../branches/api/get-branches';
import { type ActionCall, type CaseAction, useCase, useCaseAction } from '../api/cases';
import { ActionFields } from './ActionForm';
import { Countdown } from './Countdown';

type Commitment = Schemas['CommitmentDto'];
type Case = Schemas['CaseDetailDto'];

export function CasePage() {
  const { number = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const kase = useCase(number);
  const zone = useBranchZone(kase.data?.branchId);
  const here = browserTimeZone();
  const act = useCaseAction(number);
  const dialog = useActionDialog<CaseAction, ActionCall>(act, (action, values) => {
    const body = { ...values };
    if (body.visitAt) body.visitAt = (body.visitAt as Dayjs).toISOString();
    return { action, body } as ActionCall;
  });

  if (kase.isPending) return <Spin />;
  if (kase.error) return <LoadFailure error={kase.error} />;
  const c = kase.data;
  const time = (iso?: string | null) => (iso ? formatTime(iso, zone, here) : t('common.none'));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space align="baseline" wrap>
          <Typography.Text type="secondary">{t(`kind.${c.kind}`)}</Typography.Text>
          <h1 style={{ fontSize: 44, letterSpacing: 2, margin: 0, fontVariantNumeric: 'tabular-nums' }}>
            {c.number}
          </h1>
          <Tag color="blue" style={{ fontSize: 16 }}>
            {t(`state.${c.state}`)}
          </Tag>
          <Tag>{t(`category.${c.category}`)}</Tag>
        </Space>
        {location.state && (location.state as { justLogged?: boolean }).justLogged && (
          <Alert type="success" showIcon title={t('case.done')} style={{ marginTop: 12 }} />
        )}
      </Card>

      <ConflictAlert show={dialog.conflict} state={t(`state.${c.state}`)} />
      <ActionsCard
        actions={c.allowedActions}
        label={(a) => t(`action.${a}`)}
        onOpen={dialog.setOpen}
        primary="resolve"
      />
      <CaseDetails c={c} time={time} />
      <CommitmentsCard commitments={c.commitments} zone={zone} time={time} />
      <TimelineCard entries={c.timeline} time={time} />

      <ActionDialog
        title={dialog.open ? t(`action.${dialog.open}`) : undefined}
        form={dialog.form}
        pending={act.isPending}
        error={act.error}
        onSubmit={dialog.submit}
        onClose={() => dialog.setOpen(undefined)}
      >
        {dialog.open && <ActionFields action={dialog.open} number={c.number} />}
      </ActionDialog>
    </Space>
  );
}

function CaseDetails({ c, time }: { c: Case; time: (iso?: string | null) => string }) {
  const { t } = useTranslation();
  const branchName = useBranches().data?.find((b) => b.id === c.branchId)?.name;
  return (
    <Card>
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('case.customer')}>
          {c.customer.name} · {c.customer.phone}
          {c.customer.tier === 'gold' && (
            <Tag color="gold" style={{ marginLeft: 8 }}>
              {t('tier.gold')}
            </Tag>
          )}
          {c.customer.address && <div>{c.customer.address}</div>}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.product')}>{c.product ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('case.assignee')}>
          {c.assignee?.name ?? t('case.unassigned')}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.branch')}>
          {branchName ?? c.branchId ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.received')}>{time(c.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('case.visit')}>{time(c.visitAt)}</Descriptions.Item>
        <Descriptions.Item label={t('intake.channel')}>{t(`channel.${c.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('intake.routing')}>
          {c.routing ? t(`department.${c.routing.department}`) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('intake.description')} span={2}>
          {c.description}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const STATUS_COLOUR = {
  breached: 'red',
  met: 'green',
  paused: 'blue',
  running: 'default',
  cancelled: 'default',
};

function CommitmentsCard(props: {
  commitments: Commitment[];
  zone: string;
  time: (iso?: string | null) => string;
}) {
  const { t, i18n } = useTranslation();
  const { zone, time } = props;
  const language = (i18n.language === 'en' ? 'en' : 'zh-CN') as Language;
  const status = (m: Commitment) =>
    m.breached ? 'breached' : (m.status as 'running' | 'paused' | 'met' | 'cancelled');
  const dueText = (m: Commitment) => {
    if (!m.dueAt) return t('common.none');
    if (!onWorkingTime(m)) return time(m.dueAt);
    const budget = workingBudget(m.remainingMs);
    const left = t(`case.${budget.unit}`, { count: budget.count });
    return `${t('case.dueLabel', { when: weekdayTime(m.dueAt, zone, language) })} · ${left} (${time(m.dueAt)})`;
  };
  return (
    <Card title={<CardTitle>{t('case.commitments')}</CardTitle>}>
      <Table<Commitment>
        rowKey="id"
        pagination={false}
        size="small"
        dataSource={props.commitments}
        columns={[
          {
            key: 'kind',
            title: t('case.commitment'),
            // resolution#2 is the second round's: named by its kind, the round after it.
            render: (_, m) => {
              const [kind, round] = m.kind.split('#');
              const name = t(`commitmentKind.${kind}`, { defaultValue: kind });
              return round ? `${name} #${round}` : name;
            },
          },
          {
            key: 'status',
            title: t('case.status'),
            render: (_, m) => (
              <Tag color={STATUS_COLOUR[status(m)]}>{t(`commitmentStatus.${status(m)}`)}</Tag>
            ),
          },
          { key: 'due', title: t('case.due'), render: (_, m) => dueText(m) },
          {
            key: 'countdown',
            title: t('case.countdown'),
            render: (_, m) => (
              <Countdown
                deadline={{ dueAt: m.dueAt, warnAt: m.warnAt, status: m.status, breached: m.breached }}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
