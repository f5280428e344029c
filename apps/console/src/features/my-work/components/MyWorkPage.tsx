// The engineer's day: their assigned cases, nearest deadline first, with the work actions their state allows
// (contact, schedule, start, ask the customer to test, resolve), and today's shift handover list.
import { Alert, App, Button, Card, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, type Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useBranches } from '../../branches/api/get-branches';
import { type ActionCall, type CaseAction, useCase, useCaseAction, useCases } from '../../cases/api/cases';
import { OPEN_STATES } from '../../cases/board-filters';
import { ActionFields } from '../../cases/components/ActionForm';
import { Countdown } from '../../cases/components/Countdown';
import { useHandover, usePickUp } from '../api/handover';

type Row = Schemas['CaseListItemDto'];
type HandoverItem = Schemas['HandoverItemDto'];

/** The actions an engineer does from their list; the rest stay on the case page. */
const WORK_ACTIONS: readonly CaseAction[] = [
  'contact',
  'schedule',
  'start',
  'request-customer-test',
  'resolve',
];

export function MyWorkPage() {
  const { t } = useTranslation();
  const mine = useCases({
    assignee: 'me',
    state: [...OPEN_STATES],
    sort: 'nextDueAt',
    order: 'asc',
    page: 1,
    pageSize: 100,
  });
  const branches = useBranches();
  const zoneOf = (branchId: string | null) =>
    branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();
  const [acting, setActing] = useState<{ number: string; action: CaseAction }>();
  const [conflict, setConflict] = useState<string>();

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('myWork.title')}</h1>}>
        {conflict && <ConflictNotice number={conflict} />}
        <Table<Row>
          rowKey="number"
          loading={mine.isPending}
          pagination={false}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: t('myWork.empty') }}
          columns={[
            {
              key: 'number',
              title: t('board.number'),
              render: (_, row) => <Link to={`/cases/${encodeURIComponent(row.number)}`}>{row.number}</Link>,
            },
            {
              key: 'customer',
              title: t('board.customer'),
              render: (_, row) => (
                <Space direction="vertical" size={0}>
                  <span>{row.customer.name}</span>
                  <a
                    href={`tel:${row.customer.phone}`}
                    aria-label={`${row.customer.phone} (${t('myWork.call', { name: row.customer.name })})`}
                  >
                    {row.customer.phone}
                  </a>
                  {row.customer.address && (
                    <Typography.Text type="secondary">{row.customer.address}</Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              key: 'state',
              title: t('board.state'),
              render: (_, row) => <Tag>{t(`state.${row.state}`)}</Tag>,
            },
            {
              key: 'due',
              title: t('board.nextDue'),
              render: (_, row) =>
                row.nextDueAt ? (
                  <Space direction="vertical" size={0}>
                    <Countdown
                      deadline={{ dueAt: row.nextDueAt, warnAt: row.nextWarnAt, breached: row.breached }}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('case.dueLabel', {
                        when: formatTime(row.nextDueAt, zoneOf(row.branchId), browserTimeZone()),
                      })}
                    </Typography.Text>
                  </Space>
                ) : (
                  t('common.none')
                ),
            },
            {
              key: 'actions',
              title: t('case.actions'),
              render: (_, row) => (
                <Space wrap role="group" aria-label={t('myWork.actionsFor', { number: row.number })}>
                  {row.allowedActions
                    .filter((a) => WORK_ACTIONS.includes(a))
                    .map((action) => (
                      <Button
                        key={action}
                        size="small"
                        type={action === 'resolve' ? 'primary' : 'default'}
                        onClick={() => setActing({ number: row.number, action })}
                      >
                        {t(`action.${action}`)}
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {acting && (
        <ActionDialog
          {...acting}
          onClose={() => setActing(undefined)}
          onConflict={() => {
            setConflict(acting.number);
            setActing(undefined);
          }}
        />
      )}
      <HandoverCard />
    </Space>
  );
}

/** After a 409: the case's state now and the actions open in it (it may have left this list). */
function ConflictNotice({ number }: { number: string }) {
  const { t } = useTranslation();
  const kase = useCase(number);
  if (!kase.data) return null;
  const open = kase.data.allowedActions.map((a) => t(`action.${a}`)).join(' · ');
  return (
    <Alert
      role="alert"
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <>
          <Link to={`/cases/${encodeURIComponent(number)}`}>{number}</Link>:{' '}
          {t('case.conflict', { state: t(`state.${kase.data.state}`) })} {open || t('case.noActions')}
        </>
      }
    />
  );
}

/** One action on one case, with its form; a 409 (someone was quicker) closes it and says so. */
function ActionDialog({
  number,
  action,
  onClose,
  onConflict,
}: {
  number: string;
  action: CaseAction;
  onClose: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const act = useCaseAction(number);
  const submit = (values: Record<string, unknown>) => {
    const body = { ...values };
    if (body.visitAt) body.visitAt = (body.visitAt as Dayjs).toISOString();
    act.mutate({ action, body } as ActionCall, {
      onSuccess: () => {
        void message.success(t('case.done'));
        onClose();
      },
      onError: (error) => {
        applyFieldErrors(form, error);
        if (error instanceof ApiError && error.status === 409) onConflict();
      },
    });
  };
  return (
    <Modal
      open
      title={`${t(`action.${action}`)} · ${number}`}
      okText={t('common.save')}
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <ActionFields action={action} number={number} />
      </Form>
    </Modal>
  );
}

function HandoverCard() {
  const { t } = useTranslation();
  const handover = useHandover();
  const pickUp = usePickUp();
  const link = (item: HandoverItem) =>
    `/${item.type === 'complaint' ? 'complaints' : 'cases'}/${encodeURIComponent(item.number)}`;
  return (
    <Card
      title={
        <h2 style={{ fontSize: 18, margin: 0 }}>
          {t('myWork.handover', { date: handover.data?.date ?? '' })}
        </h2>
      }
    >
      <Table<HandoverItem>
        rowKey="number"
        loading={handover.isPending}
        pagination={false}
        size="small"
        dataSource={handover.data?.items ?? []}
        locale={{ emptyText: t('myWork.handoverEmpty') }}
        columns={[
          {
            key: 'number',
            title: t('board.number'),
            render: (_, item) => <Link to={link(item)}>{item.number}</Link>,
          },
          { key: 'customer', title: t('board.customer'), render: (_, item) => item.customerName },
          {
            key: 'state',
            title: t('board.state'),
            render: (_, item) => (
              <Space>
                <Tag>{t(`state.${item.state}`, { defaultValue: item.state })}</Tag>
                {item.breached && <Tag color="red">{t('commitmentStatus.breached')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'assignee',
            title: t('board.assignee'),
            render: (_, item) => item.assignee?.name ?? t('case.unassigned'),
          },
          {
            key: 'pickedUp',
            title: t('myWork.pickedUp'),
            render: (_, item) =>
              item.pickedUp ? (
                t('myWork.pickedUpBy', { who: item.pickedUp.username })
              ) : (
                <Button
                  size="small"
                  loading={pickUp.isPending && pickUp.variables === item.number}
                  onClick={() => pickUp.mutate(item.number)}
                  aria-label={t('myWork.pickUpCase', { number: item.number })}
                >
                  {t('myWork.pickUp')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
