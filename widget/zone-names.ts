/**
 * ICU (and so `Intl`) still calls some zones by names IANA has since replaced: a visitor in India
 * is detected as `Asia/Calcutta`, and one searching "Kyiv" finds only `Europe/Kiev`. The widget
 * shows and sends the current names; every engine accepts both.
 */
const renamed: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

export const currentZoneName = (zone: string): string => renamed[zone] ?? zone;
