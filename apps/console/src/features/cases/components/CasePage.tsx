import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { ApiError, type Schemas } from '../../../api/client';
import {
  browserTimeZone,
  formatTime,
  onWorkingTime,
  weekdayTime,
  workingBudget,
  type Language,
} from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useBranches, useBranchZone } from '../../branches/api/get-branches';
import { type ActionCall, type CaseAction, useCase, useCaseAction } from '../api/cases';
import { ActionFields } from './ActionForm';
import { Countdown } from './Countdown';

type Commitment = Schemas['CommitmentDto'];

export function CasePage() {
  const { number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const kase = useCase(number);
  const zone = useBranchZone(kase.data?.branchId);
  const branchName = useBranches().data?.find((b) => b.id === kase.data?.branchId)?.name;
  const here = browserTimeZone();
  const [open, setOpen] = useState<CaseAction>();
  const [conflict, setConflict] = useState(false);
  const [form] = Form.useForm();
  const act = useCaseAction(number);
  const { message } = App.useApp();
  const language = (i18n.language === 'en' ? 'en' : 'zh-CN') as Language;

  if (kase.isPending) return <Spin />;
  if (kase.error) {
    return (
      <Result
        status={kase.error instanceof ApiError && kase.error.status === 404 ? '404' : 'error'}
        title={
          kase.error instanceof ApiError && kase.error.status === 404
            ? t('common.notFound')
            : t('common.offline')
        }
        subTitle={kase.error.message}
      />
    );
  }
  const c = kase.data;
  const time = (iso?: string | null) => (iso ? formatTime(iso, zone, here) : t('common.none'));

  const status = (m: Commitment) =>
    m.breached ? 'breached' : (m.status as 'running' | 'paused' | 'met' | 'cancelled');
  const dueText = (m: Commitment) => {
    if (!m.dueAt) return t('common.none');
    if (!onWorkingTime(m)) return time(m.dueAt);
    const budget = workingBudget(m.remainingMs);
    return `${t('case.dueLabel', { when: weekdayTime(m.dueAt, zone, language) })} · ${t(
      `case.${budget.unit}`,
      {
        count: budget.count,
      },
    )} (${time(m.dueAt)})`;
  };

  const submit = (values: Record<string, unknown>) => {
    if (!open) return;
    const body = { ...values };
    if (body.visitAt) body.visitAt = (body.visitAt as Dayjs).toISOString();
    act.mutate({ action: open, body } as ActionCall, {
      onSuccess: () => {
        setOpen(undefined);
        setConflict(false);
        form.resetFields();
        void message.success(t('case.done'));
      },
      onError: (error) => {
        applyFieldErrors(form, error);
        // A race: someone else changed the case. Show its new state and what may be done now.
        if (error instanceof ApiError && error.status === 409) {
          setOpen(undefined);
          setConflict(true);
        }
      },
    });
  };

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

      {conflict && (
        <Alert
          role="alert"
          type="warning"
          showIcon
          title={t('case.conflict', { state: t(`state.${c.state}`) })}
        />
      )}
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('case.actions')}</h2>}>
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap role="group" aria-label={t('case.actions')}>
            {c.allowedActions.map((a) => (
              <Button key={a} type={a === 'resolve' ? 'primary' : 'default'} onClick={() => setOpen(a)}>
                {t(`action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

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

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('case.commitments')}</h2>}>
        <Table<Commitment>
          rowKey="id"
          pagination={false}
          size="small"
          dataSource={c.commitments}
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
                <Tag
                  color={
                    {
                      breached: 'red',
                      met: 'green',
                      paused: 'blue',
                      running: 'default',
                      cancelled: 'default',
                    }[status(m)]
                  }
                >
                  {t(`commitmentStatus.${status(m)}`)}
                </Tag>
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

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('case.timeline')}</h2>}>
        <Timeline
          items={c.timeline.map((e) => ({
            key: e.seq,
            content: (
              <>
                <Typography.Text type="secondary">
                  {time(e.at)} · {e.actor}
                </Typography.Text>
                <div>{e.summary}</div>
              </>
            ),
          }))}
        />
      </Card>

      <Modal
        open={open !== undefined}
        title={open ? t(`action.${open}`) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        {act.error instanceof ApiError &&
          act.error.status !== 409 &&
          !Object.keys(act.error.fieldErrors).length && (
            <Alert
              role="alert"
              type="error"
              showIcon
              title={act.error.message}
              style={{ marginBottom: 12 }}
            />
          )}
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {open && <ActionFields action={open} number={c.number} />}
        </Form>
      </Modal>
    </Space>
  );
}
