/**
 * Line icons drawn here (24×24, stroked), so they look the same whatever fonts the workstation
 * has. Always decorative: the text beside them, visible or not, says what they mean.
 */
export const ICON_PATHS = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  cross: 'M6.5 6.5l11 11M17.5 6.5l-11 11',
  question: 'M9 9.2a3 3 0 1 1 4.2 2.8c-.8.4-1.2 1-1.2 1.8v.9M12 17.6v.4',
  dash: 'M7 12h10',
  equal: 'M5.5 9h13M5.5 15h13',
  approx: 'M5 9.5c2.3-2 4.3-2 7 0s4.7 2 7 0M5 15.5c2.3-2 4.3-2 7 0s4.7 2 7 0',
  notEqual: 'M5.5 9h13M5.5 15h13M15.5 5l-7 14',
  copy: 'M9 9h10v10H9zM5 15V5h10',
  sync: 'M19 12a7 7 0 0 1-12.3 4.6M5 12a7 7 0 0 1 12.3-4.6M17.5 3.5v4h-4M6.5 20.5v-4h4',
  warning: 'M12 4l9 16H3zM12 10v4.5M12 17.3v.3',
};
export type IconName = keyof typeof ICON_PATHS;
