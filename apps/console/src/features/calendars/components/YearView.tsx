import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { dayKind, monthGrid, WEEKDAYS, yearCounts, type CalendarData, type DayKind } from '../lib/year';

/** Colours with text contrast ≥ 4.5:1 (the words are dark on each). */
const COLOURS: Record<DayKind, { background: string; color: string }> = {
  working: { background: '#ffffff', color: '#1f1f1f' },
  off: { background: '#e8e8e8', color: '#434343' },
  holiday: { background: '#ffccc7', color: '#820014' },
  makeUp: { background: '#bae0ff', color: '#002c8c' },
};

/** Twelve months of working days, days off, holidays and make-up working days. */
export function YearView({ year, calendar }: { year: number; calendar: CalendarData }) {
  const { t } = useTranslation();
  const counts = yearCounts(year, calendar);
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('calendars.yearTitle', { year })}>
        {(Object.keys(COLOURS) as DayKind[]).map((kind) => (
          <Tag key={kind} style={{ ...COLOURS[kind], borderColor: '#8c8c8c' }}>
            {t(`calendars.kind.${kind}`)} · {t('calendars.count', { count: counts[kind] })}
          </Tag>
        ))}
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 16 }}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <table key={month} style={{ borderCollapse: 'collapse', fontSize: 12, width: '100%' }}>
            <caption style={{ textAlign: 'left', fontWeight: 600 }}>
              {t('calendars.month', { month })}
            </caption>
            <thead>
              <tr>
                {WEEKDAYS.map((d) => (
                  <th key={d} scope="col" abbr={t(`calendars.weekday.${d}`)} style={{ fontWeight: 400 }}>
                    {t(`calendars.weekdayShort.${d}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthGrid(year, month).map((week, w) => (
                <tr key={w}>
                  {week.map((date, d) => {
                    if (!date) return <td key={d} />;
                    const day = dayKind(date, calendar);
                    const words = [date, t(`calendars.kind.${day.kind}`), day.name]
                      .filter(Boolean)
                      .join(' · ');
                    return (
                      <td
                        key={d}
                        title={words}
                        aria-label={words}
                        data-kind={day.kind}
                        style={{
                          ...COLOURS[day.kind],
                          textAlign: 'center',
                          padding: 2,
                          border: '1px solid #f0f0f0',
                        }}
                      >
                        {Number(date.slice(8))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
