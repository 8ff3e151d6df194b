"""Initial schema, and the police forces as reference data.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 02:30:58.243279

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# From shared/reference/police_forces.csv:
# (slug, name, nation, kind, ONS police force area code, data.police.uk id)
FORCES = [
    ('metropolitan', 'Metropolitan Police Service', 'England', 'territorial', 'E23000001', 'metropolitan'),
    ('cumbria', 'Cumbria Constabulary', 'England', 'territorial', 'E23000002', 'cumbria'),
    ('lancashire', 'Lancashire Constabulary', 'England', 'territorial', 'E23000003', 'lancashire'),
    ('merseyside', 'Merseyside Police', 'England', 'territorial', 'E23000004', 'merseyside'),
    ('greater-manchester', 'Greater Manchester Police', 'England', 'territorial', 'E23000005', 'greater-manchester'),
    ('cheshire', 'Cheshire Constabulary', 'England', 'territorial', 'E23000006', 'cheshire'),
    ('northumbria', 'Northumbria Police', 'England', 'territorial', 'E23000007', 'northumbria'),
    ('durham', 'Durham Constabulary', 'England', 'territorial', 'E23000008', 'durham'),
    ('north-yorkshire', 'North Yorkshire Police', 'England', 'territorial', 'E23000009', 'north-yorkshire'),
    ('west-yorkshire', 'West Yorkshire Police', 'England', 'territorial', 'E23000010', 'west-yorkshire'),
    ('south-yorkshire', 'South Yorkshire Police', 'England', 'territorial', 'E23000011', 'south-yorkshire'),
    ('humberside', 'Humberside Police', 'England', 'territorial', 'E23000012', 'humberside'),
    ('cleveland', 'Cleveland Police', 'England', 'territorial', 'E23000013', 'cleveland'),
    ('west-midlands', 'West Midlands Police', 'England', 'territorial', 'E23000014', 'west-midlands'),
    ('staffordshire', 'Staffordshire Police', 'England', 'territorial', 'E23000015', 'staffordshire'),
    ('west-mercia', 'West Mercia Police', 'England', 'territorial', 'E23000016', 'west-mercia'),
    ('warwickshire', 'Warwickshire Police', 'England', 'territorial', 'E23000017', 'warwickshire'),
    ('derbyshire', 'Derbyshire Constabulary', 'England', 'territorial', 'E23000018', 'derbyshire'),
    ('nottinghamshire', 'Nottinghamshire Police', 'England', 'territorial', 'E23000019', 'nottinghamshire'),
    ('lincolnshire', 'Lincolnshire Police', 'England', 'territorial', 'E23000020', 'lincolnshire'),
    ('leicestershire', 'Leicestershire Police', 'England', 'territorial', 'E23000021', 'leicestershire'),
    ('northamptonshire', 'Northamptonshire Police', 'England', 'territorial', 'E23000022', 'northamptonshire'),
    ('cambridgeshire', 'Cambridgeshire Constabulary', 'England', 'territorial', 'E23000023', 'cambridgeshire'),
    ('norfolk', 'Norfolk Constabulary', 'England', 'territorial', 'E23000024', 'norfolk'),
    ('suffolk', 'Suffolk Constabulary', 'England', 'territorial', 'E23000025', 'suffolk'),
    ('bedfordshire', 'Bedfordshire Police', 'England', 'territorial', 'E23000026', 'bedfordshire'),
    ('hertfordshire', 'Hertfordshire Constabulary', 'England', 'territorial', 'E23000027', 'hertfordshire'),
    ('essex', 'Essex Police', 'England', 'territorial', 'E23000028', 'essex'),
    ('thames-valley', 'Thames Valley Police', 'England', 'territorial', 'E23000029', 'thames-valley'),
    ('hampshire', 'Hampshire and Isle of Wight Constabulary', 'England', 'territorial', 'E23000030', 'hampshire'),
    ('surrey', 'Surrey Police', 'England', 'territorial', 'E23000031', 'surrey'),
    ('kent', 'Kent Police', 'England', 'territorial', 'E23000032', 'kent'),
    ('sussex', 'Sussex Police', 'England', 'territorial', 'E23000033', 'sussex'),
    ('city-of-london', 'City of London Police', 'England', 'territorial', 'E23000034', 'city-of-london'),
    ('devon-and-cornwall', 'Devon and Cornwall Police', 'England', 'territorial', 'E23000035', 'devon-and-cornwall'),
    ('avon-and-somerset', 'Avon and Somerset Police', 'England', 'territorial', 'E23000036', 'avon-and-somerset'),
    ('gloucestershire', 'Gloucestershire Constabulary', 'England', 'territorial', 'E23000037', 'gloucestershire'),
    ('wiltshire', 'Wiltshire Police', 'England', 'territorial', 'E23000038', 'wiltshire'),
    ('dorset', 'Dorset Police', 'England', 'territorial', 'E23000039', 'dorset'),
    ('north-wales', 'North Wales Police', 'Wales', 'territorial', 'W15000001', 'north-wales'),
    ('gwent', 'Gwent Police', 'Wales', 'territorial', 'W15000002', 'gwent'),
    ('south-wales', 'South Wales Police', 'Wales', 'territorial', 'W15000003', 'south-wales'),
    ('dyfed-powys', 'Dyfed-Powys Police', 'Wales', 'territorial', 'W15000004', 'dyfed-powys'),
    ('btp', 'British Transport Police', 'Great Britain', 'special', None, 'btp'),
    ('police-scotland', 'Police Scotland', 'Scotland', 'territorial', None, None),
    ('psni', 'Police Service of Northern Ireland', 'Northern Ireland', 'territorial', None, None),
    ('mod-police', 'Ministry of Defence Police', 'United Kingdom', 'special', None, None),
    ('cnc', 'Civil Nuclear Constabulary', 'United Kingdom', 'special', None, None),
    ('nca', 'National Crime Agency', 'United Kingdom', 'agency', None, None),
]


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    forces = op.create_table('forces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('nation', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ons_code', sa.String(length=9), nullable=True),
    sa.Column('data_police_uk_id', sa.String(length=60), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forces')),
    sa.UniqueConstraint('ons_code', name=op.f('uq_forces_ons_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_forces_slug'))
    )
    op.bulk_insert(
        forces,
        [
            dict(zip(("slug", "name", "nation", "kind", "ons_code", "data_police_uk_id"), row))
            for row in FORCES
        ],
    )
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.Enum('web', 'email', 'post', 'phone', name='channel', native_enum=False, length=40), nullable=False),
    sa.Column('technology', sa.Enum('lfr', 'rfr', 'oifr', 'other_biometric', 'not_sure', name='technology', native_enum=False, length=40), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=True),
    sa.Column('incident_date', sa.Date(), nullable=True),
    sa.Column('incident_date_approximate', sa.Boolean(), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('relation', sa.Enum('subject', 'passer_by', 'witness', 'third_party', 'officer_or_staff', name='relation', native_enum=False, length=40), nullable=False),
    sa.Column('outcome_wanted', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('received', 'in_triage', 'awaiting_information', 'investigating', 'decision_issued', 'closed', 'review_requested', name='status', native_enum=False, length=40), nullable=False),
    sa.Column('priority', sa.Enum('normal', 'high', 'urgent', name='priority', native_enum=False, length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('tracking_code_hash', sa.String(length=255), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledge_by', sa.Date(), nullable=False),
    sa.Column('triage_by', sa.Date(), nullable=False),
    sa.Column('decision_by', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['force_id'], ['forces.id'], name=op.f('fk_complaints_force_id_forces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('reference', name=op.f('uq_complaints_reference')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_complaints_submission_key'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_force_id'), ['force_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_status'), ['status'], unique=False)

    op.create_table('complainants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('postal_address', sa.Text(), nullable=True),
    sa.Column('preferred_contact', sa.Enum('email', 'phone', name='contactmethod', native_enum=False, length=40), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=False),
    sa.Column('accessibility_needs', sa.Text(), nullable=True),
    sa.Column('consent_to_share', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complainants_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complainants')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_complainants_complaint_id'))
    )
    op.create_table('complaint_concerns',
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('concern', sa.Enum('misidentification', 'stopped_after_alert', 'no_notice', 'watchlist', 'image_source', 'retention', 'protest_or_event', 'minor_or_non_crime', 'discrimination', 'data_sharing', 'officer_conduct', 'other', name='concern', native_enum=False, length=40), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_concerns_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('complaint_id', 'concern', name=op.f('pk_complaint_concerns'))
    )
    op.create_table('complaint_drafts',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_drafts_complaint_id_complaints'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_drafts'))
    )
    with op.batch_alter_table('complaint_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_drafts_expires_at'), ['expires_at'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.String(length=100), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_evidence_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_evidence_storage_key'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('acknowledgement', 'request_for_information', 'status_change', 'outcome', name='messagekind', native_enum=False, length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_outbox_messages_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('timeline_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('status_change', 'note', 'correspondence_in', 'correspondence_out', 'link', 'assignment', name='timelinekind', native_enum=False, length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('from_status', sa.Enum('received', 'in_triage', 'awaiting_information', 'investigating', 'decision_issued', 'closed', 'review_requested', name='status', native_enum=False, length=40), nullable=True),
    sa.Column('to_status', sa.Enum('received', 'in_triage', 'awaiting_information', 'investigating', 'decision_issued', 'closed', 'review_requested', name='status', native_enum=False, length=40), nullable=True),
    sa.Column('reason', sa.String(length=60), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('visible_to_complainant', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_timeline_entries_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_entries'))
    )
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timeline_entries_complaint_id'), ['complaint_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timeline_entries_complaint_id'))

    op.drop_table('timeline_entries')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_complaint_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_complaint_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('complaint_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_drafts_expires_at'))

    op.drop_table('complaint_drafts')
    op.drop_table('complaint_concerns')
    op.drop_table('complainants')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_status'))
        batch_op.drop_index(batch_op.f('ix_complaints_received_at'))
        batch_op.drop_index(batch_op.f('ix_complaints_force_id'))

    op.drop_table('complaints')
    op.drop_table('forces')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    # ### end Alembic commands ###
