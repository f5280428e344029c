// The parts every "one record" page (a case, a complaint) shares: the load failure, the actions card, the
// timeline, and an action form in a dialog that handles a race the same way everywhere — a 409 closes the
// dialog and shows the record's new state with the actions now open.
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  type FormInstance,
  Modal,
  Result,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { applyFieldErrors } from './field-errors';

export function LoadFailure({ error }: { error: Error }) {
  const { t } = useTranslation();
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={missing ? '404' : 'error'}
      title={missing ? t('common.notFound') : t('common.offline')}
      subTitle={error.message}
    />
  );
}

export const CardTitle = ({ children }: { children: ReactNode }) => (
  <h2 style={{ fontSize: 18, margin: 0 }}>{children}</h2>
);

interface Mutation<Call> {
  mutate(call: Call, handlers: { onSuccess(): void; onError(error: unknown): void }): void;
  isPending: boolean;
  error: unknown;
}

/** The open dialog's action, the form, and a submit that turns a 409 into the "changed meanwhile" banner. */
export function useActionDialog<Action extends string, Call>(
  mutation: Mutation<Call>,
  toCall: (action: Action, values: Record<string, unknown>) => Call,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [open, setOpen] = useState<Action>();
  const [conflict, setConflict] = useState(false);
  const submit = (values: Record<string, unknown>) => {
    if (!open) return;
    mutation.mutate(toCall(open, values), {
      onSuccess: () => {
        setOpen(undefined);
        setConflict(false);
        form.resetFields();
        void message.success(t('case.done'));
      },
      onError: (error) => {
        applyFieldErrors(form, error);
        // A race: someone else changed the record. Show its new state and what may be done now.
        if (error instanceof ApiError && error.status === 409) {
          setOpen(undefined);
          setConflict(true);
        }
      },
    });
  };
  return { form, open, setOpen, conflict, submit };
}

export function ConflictAlert({ show, state }: { show: boolean; state: string }) {
  const { t } = useTranslation();
  if (!show) return null;
  return <Alert role="alert" type="warning" showIcon title={t('case.conflict', { state })} />;
}

export function ActionsCard<Action extends string>(props: {
  actions: readonly Action[];
  label: (action: Action) => string;
  onOpen: (action: Action) => void;
  primary?: Action;
}) {
  const { t } = useTranslation();
  return (
    <Card title={<CardTitle>{t('case.actions')}</CardTitle>}>
      {props.actions.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap role="group" aria-label={t('case.actions')}>
          {props.actions.map((a) => (
            <Button
              key={a}
              type={a === props.primary ? 'primary' : 'default'}
              onClick={() => props.onOpen(a)}
            >
              {props.label(a)}
            </Button>
          ))}
        </Space>
      )}
    </Card>
  );
}

export function TimelineCard(props: {
  entries: readonly { seq: number; at: string; actor: string; summary: string }[];
  time: (iso: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Card title={<CardTitle>{t('case.timeline')}</CardTitle>}>
      <Timeline
        items={props.entries.map((e) => ({
          key: e.seq,
          content: (
            <>
              <Typography.Text type="secondary">
                {props.time(e.at)} · {e.actor}
              </Typography.Text>
              <div>{e.summary}</div>
            </>
          ),
        }))}
      />
    </Card>
  );
}

/** The action's form in a dialog; an error no field can show stands above the form. */
export function ActionDialog(props: {
  title?: string;
  form: FormInstance;
  pending: boolean;
  error: unknown;
  onSubmit: (values: Record<string, unknown>) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { error } = props;
  return (
    <Modal
      open={props.title !== undefined}
      title={props.title ?? ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={props.pending}
      onOk={() => props.form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error instanceof ApiError && error.status !== 409 && !Object.keys(error.fieldErrors).length && (
        <Alert role="alert" type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />
      )}
      <Form form={props.form} layout="vertical" onFinish={props.onSubmit} preserve={false}>
        {props.children}
      </Form>
    </Modal>
  );
}
