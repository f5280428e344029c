import { Alert, Button, Card, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import {
  preview,
  type Template,
  type TemplateBody,
  useSaveTemplate,
  useTemplates,
} from '../api/notifications';

/**
 * The message templates (admins): one per type and language, with the placeholders the type provides and
 * a preview of the words as typed; the API refuses (422, on the field) a placeholder the type lacks.
 */
export function TemplatesPage() {
  const { t } = useTranslation();
  const templates = useTemplates();
  const [editing, setEditing] = useState<Template>();
  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('notifications.templates')}</h1>}
      extra={<Link to="/notifications">{t('notifications.outbox')}</Link>}
    >
      <Table<Template>
        rowKey={(row) => `${row.type}:${row.language}`}
        size="small"
        loading={templates.isPending}
        dataSource={templates.data ?? []}
        pagination={false}
        columns={[
          { key: 'type', title: t('notifications.template'), render: (_, row) => <code>{row.type}</code> },
          { key: 'language', title: t('notifications.language'), dataIndex: 'language' },
          { key: 'subject', title: t('notifications.subject'), dataIndex: 'subject' },
          {
            key: 'updatedAt',
            title: t('notifications.updatedAt'),
            render: (_, row) => formatTime(row.updatedAt, browserTimeZone(), browserTimeZone()),
          },
          {
            key: 'edit',
            title: t('notifications.actions'),
            render: (_, row) => (
              <Button
                size="small"
                aria-label={`${t('notifications.edit')} ${row.type} ${row.language}`}
                onClick={() => setEditing(row)}
              >
                {t('notifications.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <TemplateEditor template={editing} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}

function TemplateEditor({ template, onClose }: { template: Template; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TemplateBody>();
  const save = useSaveTemplate();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const subject = Form.useWatch('subject', form) ?? template.subject;
  const body = Form.useWatch('body', form) ?? template.body;
  const submit = (values: TemplateBody) => {
    setUnplaced([]);
    save.mutate(
      { type: template.type, language: template.language, body: values },
      {
        onSuccess: onClose,
        onError: (error) => {
          const rest = applyFieldErrors(form, error);
          const placed = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
          setUnplaced(placed ? rest : [error.message]);
        },
      },
    );
  };
  const title = `${template.type} · ${template.language}`;
  return (
    <Drawer
      open
      size="large"
      title={title}
      onClose={onClose}
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ subject: template.subject, body: template.body }}
        onFinish={submit}
        aria-label={title}
      >
        <Form.Item name="subject" label={t('notifications.subject')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('notifications.body')}>
          <Input.TextArea rows={6} maxLength={4000} />
        </Form.Item>
      </Form>
      <Typography.Paragraph>{t('notifications.placeholderHelp')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {template.placeholders.map((name) => (
          <Tag key={name}>
            <code>{`{{${name}}}`}</code>
          </Tag>
        ))}
      </Space>
      {unplaced.length > 0 && <Alert type="error" title={unplaced.join(' ')} style={{ marginBottom: 16 }} />}
      <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{t('notifications.preview')}</h2>}>
        <Typography.Text strong data-testid="template-preview-subject">
          {preview(subject)}
        </Typography.Text>
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}
          data-testid="template-preview-body"
        >
          {preview(body)}
        </Typography.Paragraph>
      </Card>
    </Drawer>
  );
}
