import { MigrationInterface, QueryRunner } from 'typeorm';

type Words = Record<'zh-CN' | 'en', unknown>;

/** Per service type: the documents to collect, the forms to fill and what to tell the customer. */
const CATALOGUE: [string, Words][] = [
  [
    'on_site_repair',
    {
      'zh-CN': {
        name: '上门维修',
        documents: ['购买发票或保修卡', '设备型号与序列号', '故障现象描述（可附照片）'],
        forms: ['报修登记表', '上门服务单（客户签字确认）'],
        tellCustomer: [
          '工程师将在约定时间上门，出发前会先电话联系您',
          '请在上门时准备好保修凭证',
          '服务完成后我们会回访您',
        ],
      },
      en: {
        name: 'On-site repair',
        documents: [
          'Purchase invoice or warranty card',
          'Device model and serial number',
          'Description of the fault (photos welcome)',
        ],
        forms: ['Repair registration form', 'On-site service sheet (signed by the customer)'],
        tellCustomer: [
          'The engineer will call you before setting off and arrive at the agreed time',
          'Please have the warranty proof ready for the visit',
          'We will call you back after the service',
        ],
      },
    },
  ],
  [
    'carry_in_repair',
    {
      'zh-CN': {
        name: '送修',
        documents: ['购买发票或保修卡', '设备及其配件清单'],
        forms: ['送修登记表', '设备交接单（双方签字）'],
        tellCustomer: ['请备份设备中的数据', '取件时请携带交接单', '维修完成后我们会通知您取件'],
      },
      en: {
        name: 'Carry-in repair',
        documents: ['Purchase invoice or warranty card', 'List of the device and its accessories'],
        forms: ['Carry-in registration form', 'Hand-over sheet (signed by both sides)'],
        tellCustomer: [
          'Please back up the data on the device',
          'Bring the hand-over sheet when you collect it',
          'We will tell you when it is ready to collect',
        ],
      },
    },
  ],
  [
    'installation',
    {
      'zh-CN': {
        name: '安装',
        documents: ['购货合同或发货单', '安装现场条件（电源、网络、空间）'],
        forms: ['安装申请表', '安装验收单（客户签字确认）'],
        tellCustomer: [
          '请在安装前确认现场电源和网络已就绪',
          '安装完成后工程师会现场演示基本操作',
          '验收单签字后保修期开始计算',
        ],
      },
      en: {
        name: 'Installation',
        documents: ['Purchase contract or delivery note', 'Site conditions (power, network, space)'],
        forms: ['Installation request form', 'Installation acceptance sheet (signed by the customer)'],
        tellCustomer: [
          'Please make sure power and network are ready before the installation',
          'The engineer will show the basic operation on site',
          'The warranty starts when the acceptance sheet is signed',
        ],
      },
    },
  ],
  [
    'maintenance',
    {
      'zh-CN': {
        name: '保养',
        documents: ['保养合同或服务协议', '上次保养记录'],
        forms: ['保养工作单', '保养报告（客户签字确认）'],
        tellCustomer: [
          '保养期间设备需要停机约两小时',
          '保养报告会留一份给您',
          '下次保养时间我们会提前通知您',
        ],
      },
      en: {
        name: 'Maintenance',
        documents: ['Maintenance contract or service agreement', 'The last maintenance record'],
        forms: ['Maintenance work order', 'Maintenance report (signed by the customer)'],
        tellCustomer: [
          'The device is stopped for about two hours during maintenance',
          'You keep a copy of the maintenance report',
          'We will tell you the next maintenance date in advance',
        ],
      },
    },
  ],
];

/** The standard phrases for each situation of a call; `{{…}}` are filled in when shown. */
const PHRASES: [string, number | null, Words][] = [
  [
    'greeting',
    null,
    {
      'zh-CN': { text: '您好，这里是客户服务中心，我是{{operatorNo}}号，很高兴为您服务。' },
      en: { text: 'Hello, customer service centre, operator {{operatorNo}} speaking. How may I help you?' },
    },
  ],
  [
    'asking_to_wait',
    60,
    {
      'zh-CN': { text: '请您稍等，我需要大约{{waitSeconds}}秒为您查询，谢谢您的耐心。' },
      en: {
        text: 'Could you hold on, please? I need about {{waitSeconds}} seconds to look this up. Thank you for your patience.',
      },
    },
  ],
  [
    'transferring',
    null,
    {
      'zh-CN': { text: '这个问题由我们的{{department}}同事为您解答，我现在为您转接，请稍候。' },
      en: {
        text: 'Our colleague in {{department}} will answer this; I am transferring you now, please hold.',
      },
    },
  ],
  [
    'taking_a_message',
    null,
    {
      'zh-CN': { text: '负责的同事暂时不在，我先记下您的问题和联系方式，他会尽快回电给您。' },
      en: {
        text: 'The colleague in charge is not available right now; let me take your question and your number, and they will call you back as soon as possible.',
      },
    },
  ],
  [
    'closing',
    null,
    {
      'zh-CN': { text: '请问还有其他可以帮您的吗？感谢您的来电，再见。' },
      en: { text: 'Is there anything else I can do for you? Thank you for calling. Goodbye.' },
    },
  ],
  [
    'apologising',
    null,
    {
      'zh-CN': { text: '非常抱歉给您带来不便，我们会尽快为您处理。' },
      en: { text: 'We are very sorry for the inconvenience; we will deal with it as quickly as we can.' },
    },
  ],
  [
    'accepting_complaint',
    null,
    {
      'zh-CN': { text: '非常抱歉给您带来不愉快，您的意见我已经记录，我们会在{{answerBy}}前给您明确答复。' },
      en: {
        text: 'We are very sorry for this. I have recorded your complaint, and we will give you a clear answer by {{answerBy}}.',
      },
    },
  ],
];

/**
 * The service catalogue (per service type: documents, forms, what to tell the customer) and the standard
 * phrases for each situation of a call, both in zh-CN and en; admins edit them, operators see them at
 * each step. Seeded from the service standards.
 */
export class ServiceCatalogueAndScripts1801300000004 implements MigrationInterface {
  name = 'ServiceCatalogueAndScripts1801300000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "service_catalogue" (
        "service_type" text PRIMARY KEY
          CHECK ("service_type" IN ('on_site_repair', 'carry_in_repair', 'installation', 'maintenance')),
        "position" integer NOT NULL,
        "content" jsonb NOT NULL CHECK ("content" ? 'zh-CN' AND "content" ? 'en'),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "standard_phrases" (
        "situation" text PRIMARY KEY CHECK ("situation" IN ('greeting', 'asking_to_wait', 'transferring',
          'taking_a_message', 'closing', 'apologising', 'accepting_complaint')),
        "position" integer NOT NULL,
        "max_wait_seconds" integer CHECK ("max_wait_seconds" BETWEEN 1 AND 3600),
        "content" jsonb NOT NULL CHECK ("content" ? 'zh-CN' AND "content" ? 'en'),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" text NOT NULL
      )`);
    for (const [i, [type, content]] of CATALOGUE.entries()) {
      await queryRunner.query(
        `INSERT INTO "service_catalogue" ("service_type", "position", "content", "updated_by")
         VALUES ($1, $2, $3::jsonb, 'standards')`,
        [type, i + 1, JSON.stringify(content)],
      );
    }
    for (const [i, [situation, wait, content]] of PHRASES.entries()) {
      await queryRunner.query(
        `INSERT INTO "standard_phrases" ("situation", "position", "max_wait_seconds", "content", "updated_by")
         VALUES ($1, $2, $3, $4::jsonb, 'standards')`,
        [situation, i + 1, wait, JSON.stringify(content)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "standard_phrases"`);
    await queryRunner.query(`DROP TABLE "service_catalogue"`);
  }
}
