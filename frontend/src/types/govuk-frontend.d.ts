// govuk-frontend ships JavaScript without type declarations: these cover the parts we use.
/* eslint-disable @typescript-eslint/no-extraneous-class -- declarations of JavaScript classes */
declare module 'govuk-frontend' {
  export class Component {
    constructor($root: Element | null, config?: object);
  }
  export class Accordion extends Component {
    setExpanded(expanded: boolean, $section: Element): void;
    isExpanded($section: Element): boolean;
    storeState($section: Element, isExpanded: boolean): void;
  }
  export class Button extends Component {}
  export class Checkboxes extends Component {}
  export class ErrorSummary extends Component {}
  export class NotificationBanner extends Component {}
  export class Radios extends Component {}
  export class ServiceNavigation extends Component {}
  export class SkipLink extends Component {}
  export function isSupported($scope?: HTMLElement): boolean;
}
