// One complaint: its rounds with their steps, its promises counting down, the timeline, and buttons for
// exactly the actions its state allows, each with its form (the handling report among them). A 409 from a
// race shows the new state and what is open in it, as the case page does.
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
import { Link, useParams } from 'react-router-dom';
import { ApiError, type Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
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
const STEPS = ['acknowledged', 'answerPromise', 'contacted', 'result', 'report', 'callback'] as const;

export function ComplaintPage() {
  const { number = '' } = useParams();
  const { t } = useTranslation();
  const complaint = useComplaint(number);
  const zone = useBranchZone(complaint.data?.branchId);
  const here = browserTimeZone();
  const [open, setOpen] = useState<ComplaintAction>();
  const [conflict, setConflict] = useState(false);
  const [form] = Form.useForm();
  const act = useComplaintAction(number);
  const { message } = App.useApp();

  if (complaint.isPending) return <Spin />;
  if (complaint.error) {
    return (
      <Result
        status={complaint.error instanceof ApiError && complaint.error.status === 404 ? '404' : 'error'}
        title={
          complaint.error instanceof ApiError && complaint.error.status === 404
            ? t('common.notFound')
            : t('common.offline')
        }
        subTitle={complaint.error.message}
      />
    );
  }
  const c = complaint.data;
  const time = (iso?: string | null) => (iso ? formatTime(iso, zone, here) : t('common.none'));

  const submit = (values: Record<string, unknown>) => {
    if (!open) return;
    const body = { ...values };
    if (body.answerBy) body.answerBy = (body.answerBy as Dayjs).toISOString();
    if (open === 'report') body.staffInvolved = [];
    act.mutate({ action: open, body } as ComplaintActionCall, {
      onSuccess: () => {
        setOpen(undefined);
        setConflict(false);
        form.resetFields();
        void message.success(t('case.done'));
      },
      onError: (error) => {
        applyFieldErrors(form, error);
        if (error instanceof ApiError && error.status === 409) {
          setOpen(undefined);
          setConflict(true);
        }
      },
    });
  };

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

      {conflict && (
        <Alert
          role="alert"
          type="warning"
          showIcon
          title={t('case.conflict', { state: t(`complaints.state.${c.state}`) })}
        />
      )}
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('case.actions')}</h2>}>
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap role="group" aria-label={t('case.actions')}>
            {c.allowedActions.map((a) => (
              <Button key={a} onClick={() => setOpen(a)}>
                {t(`complaints.action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

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

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('complaints.promises')}</h2>}>
        <Table<Commitment>
          rowKey="id"
          pagination={false}
          size="small"
          dataSource={c.commitments}
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

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('complaints.rounds')}</h2>}>
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
        title={open ? t(`complaints.action.${open}`) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {open && <ComplaintActionFields action={open} />}
        </Form>
      </Modal>
    </Space>
  );
}
