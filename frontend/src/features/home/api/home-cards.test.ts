import { describe, expect, it } from 'vitest';
import { homeCards } from './home-cards';

describe('the cards of "Your work"', () => {
  it('gives each role what it does next', () => {
    expect(homeCards({ roles: ['practitioner'] })).toEqual(['reply', 'reflect', 'my-actions', 'notifications']);
    expect(homeCards({ roles: ['team_manager'] })).toEqual(['drafts', 'observations', 'month', 'team', 'raised-to-me', 'feedback', 'my-actions', 'notifications']);
    expect(homeCards({ roles: ['qa_officer'] })).toEqual(['complaints', 'drafts', 'moderation', 'council', 'programme', 'notifications']);
    expect(homeCards({ roles: ['reviewing_officer'] })).toEqual(['monitoring', 'raised-by-me', 'cases', 'notifications']);
    expect(homeCards({ roles: ['performance_analyst'] })).toEqual(['figures']);
  });

  it('shows the union of several roles’ cards, each once', () => {
    const cards = homeCards({ roles: ['senior_leader', 'qa_officer', 'principal_social_worker'] });
    expect(cards).toEqual(['complaints', 'drafts', 'observations', 'month', 'raised-to-me', 'moderation', 'council', 'programme', 'notifications']);
    expect(new Set(cards).size).toBe(cards.length);
  });
});
